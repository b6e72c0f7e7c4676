-- Optimistic concurrency for the fitness flow: every write does
-- UPDATE ... SET version = version + 1 WHERE user_id = $1 AND version = $2.
-- No new index: every read and write goes through user_id, which the unique constraint already
-- indexes, and version is only compared on that one row.
ALTER TABLE "onboarding_states" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
