-- The language an account reads Hearth in (issue 9): null until the person chooses one,
-- when their browser's Accept-Language decides. The set of languages lives in code
-- (src/shared/i18n/locales.ts); the check only keeps the column to language tags.
alter table accounts add column locale text check (locale is null or locale ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$');
