-- Live detection (issue 10): every tag's score, one detection per segment and model, and reviews.

-- every tag's score of the model at scoring time ({tag name: score}), so a review can see what was close
alter table detection add column if not exists scores jsonb not null default '{}'::jsonb;
-- whether the best score cleared its tag's threshold is kept by tag_id (null: unknown); the best
-- candidate tag is kept even for unknowns, so the "what the detector hears" strip can show it
alter table detection add column if not exists best_tag text;
alter table detection add column if not exists created timestamptz not null default now();

-- review: the loop that makes the model better (retention keeps reviewed detections)
alter table detection add column if not exists review text check (review in ('confirmed','rejected'));
alter table detection add column if not exists reviewed_by text references app_user (username) on update cascade on delete set null;
alter table detection add column if not exists reviewed_at timestamptz;
-- the tag the reviewer said it really was (confirm: the detected tag; reject: optional right tag)
alter table detection add column if not exists review_tag_id bigint references tag (id) on delete set null;
-- the annotation the review created, removed again when the review changes
alter table detection add column if not exists review_annot_id bigint references annot (id) on delete set null;

-- nothing is scored twice for the same model
alter table detection add constraint detection_raw_model_uq unique (raw_id, model_id);
-- lists and charts of one model over time
create index if not exists detection_model_start_idx on detection (model_id, start_time);

-- deleting or merging a tag must not be blocked by its detections: they keep the model's tag name
-- in best_tag and lose the link (the tag no longer exists in the hub)
alter table detection drop constraint if exists detection_tag_id_fkey;
alter table detection add constraint detection_tag_id_fkey foreign key (tag_id) references tag (id) on delete set null;
