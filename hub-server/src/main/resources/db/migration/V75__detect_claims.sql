-- Catch-up work shared by the detect nodes of a scaled-out installation. Every detect node pages
-- through the same unscored segments after a start or a model change; before scoring one from
-- that backlog a node claims (segment, model) for a few minutes, so N nodes score each segment
-- once instead of N times. Unlogged and without foreign keys: a claim is a short lease, worth
-- nothing after a crash, and expired claims are deleted by the detect nodes.
create unlogged table detect_claim (
    raw_id   bigint      not null,
    model_id bigint      not null,
    node     text        not null,
    until    timestamptz not null,
    primary key (raw_id, model_id)
);
