-- The owner's sensitivity settings: per tag the threshold live detection uses instead of the one
-- training chose ({tag name: threshold}); null or a missing tag = the trained threshold. Kept with
-- the model row, so it applies without retraining and travels with backups.
alter table model add column if not exists thresholds jsonb;

-- How unlike every tag and the background the segment sounded to the model (0 = familiar, higher =
-- a kind of sound never heard): with the margin to the threshold, it ranks the sounds worth
-- labelling ("uncertain sounds"). Null for detections scored before it was kept.
alter table detection add column if not exists novelty real;
