-- The language each thread and post is written in (issue 9), and the text-search
-- configuration its words are indexed with, so that search stems English as English and
-- French as French, and indexes Welsh, which PostgreSQL has no configuration for, word for
-- word ('simple'). The languages and their configurations live in code
-- (src/shared/content-languages.ts); the check only keeps the column to language codes.
-- What was written before this has no language recorded and keeps its English index.
alter table threads add column language text check (language is null or language ~ '^[a-z]{2,3}$');
alter table threads add column search_config regconfig not null default 'english';
alter table posts add column language text check (language is null or language ~ '^[a-z]{2,3}$');
alter table posts add column search_config regconfig not null default 'english';

-- A generated column's expression cannot be altered: it is made again (with its index),
-- now from each row's own configuration. This rewrites both tables once.
alter table threads drop column search;
alter table threads add column search tsvector generated always as (to_tsvector(search_config, title)) stored;
create index threads_search_idx on threads using gin (search);
alter table posts drop column search;
alter table posts add column search tsvector generated always as (to_tsvector(search_config, body)) stored;
create index posts_search_idx on posts using gin (search);

-- The configurations something is indexed with: a search parses its words in each of them,
-- so that a word is found whatever language it was written in. Written when a configuration
-- is first used (src/discussion/discussion.repo.ts); English for what was written before.
create table text_search_configs (config regconfig primary key);
insert into text_search_configs values ('english');
