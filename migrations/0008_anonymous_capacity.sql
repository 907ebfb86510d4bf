-- An anonymous clinician persona's capacity and validity are its own (issue 6, ADR 20).

-- The capacity it speaks in: a key of a small controlled vocabulary, chosen by its owner
-- for this persona alone (src/personas/capacities.ts), or none. Never the words of a
-- verification, which reviewers see beside the username and the named persona shows.
alter table personas add column capacity text
  check (capacity is null or (kind = 'anonymous_professional' and capacity in
    ('respiratory', 'primary_care', 'nursing', 'mental_health', 'cardiology', 'diabetes_endocrinology',
     'paediatrics', 'pharmacy', 'allied_health', 'other')));

-- From when its badge holds (null: since it was made). After a lapse, a renewal takes
-- effect on the anonymous persona hours to days after it does on the named one.
alter table personas add column verified_from timestamptz;

-- The anonymous persona no longer carries the verification's free text ...
update personas set specialty = null where kind = 'anonymous_professional';

-- ... nor the named persona's date: it lapses 6 to 72 hours earlier, at a random point.
update personas
  set verified_until = verified_until - make_interval(secs => 21600 + floor(random() * 237600))
  where kind = 'anonymous_professional' and verified_until is not null;
