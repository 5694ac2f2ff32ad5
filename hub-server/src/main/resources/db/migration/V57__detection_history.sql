-- Live detections apart from history: a model that becomes active catches up on the segments of the
-- last days, among them the owner's own labelled recordings; those must not read as "bark today 4,
-- last 26 min ago" before any live sound arrived, nor be offered for review again.

-- when the model last became the active one (null: never); a segment stored before it is history
alter table model add column if not exists activated_at timestamptz;
-- a model active before this migration: from now on (its earlier detections stay live)
update model set activated_at = now() where active and activated_at is null;

-- the segment was stored before the scoring model was active (catch-up or a re-detect job scored it)
alter table detection add column if not exists history boolean not null default false;
-- an annotation already covered the segment when it was scored: the owner labelled it before
alter table detection add column if not exists labelled boolean not null default false;
