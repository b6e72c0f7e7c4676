-- Undoes 0002_consolidate_to_9_states and 0003_onboarding_states_version in one transaction
-- (run it with `npm run db:rollback-consolidation`, or psql --single-transaction -f; statements
-- are separated by drizzle's breakpoint marker so the CLI can run them one by one on PGlite).
--
-- * Rows that 0002 migrated (step_data has _migration) get back their original step_data and
--   current_step exactly (the jsonb is the one stored, so step_data::text is identical). Whatever
--   the 9-state flow wrote to such a row after the migration is discarded with the rest.
-- * Rows created after the migration (no _migration) are converted to the 11-step layout, as
--   src/db/legacy/reference.ts `unconsolidate` does: step_1 from the user's non-null age /
--   gender / height_cm / weight_kg (absent when all are null), state 1 -> 2, 2 -> 3,
--   3 -> 4 (its targets; {} when none) + 5 ({constraints: [{constraint_type, description}]},
--   equipment, then injuries, then limitations), 4..9 -> 6..11; current_step 0 -> 0, 1 -> 2,
--   2 -> 3, 3 -> 5, 4..9 -> 6..11. Their agent_history is lost with the column.
-- * users' age / gender / height_cm / weight_kg stay as 0002 set them: those columns predate it
--   (0000), and the restored step_1 holds the originals for the 11-step code.
-- * The 0002 and 0003 rows leave drizzle.__drizzle_migrations (matched by created_at, the
--   journal's `when`). drizzle's migrator applies only what is newer than the newest recorded
--   migration: with nothing newer than 0003 recorded, the next migrate re-applies both; with a
--   later one recorded (0004_chat_messages, which does not touch this table, stays), it does
--   not, and `npm run db:rollback-consolidation -- --reapply` applies them again.
--
-- Refuses (and changes nothing) when the table is not consolidated.
DO $$
BEGIN
	IF NOT EXISTS (
		SELECT 1 FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = 'onboarding_states' AND column_name = 'agent_history'
	) THEN
		RAISE EXCEPTION 'onboarding_states is not consolidated (no agent_history column): nothing to roll back';
	END IF;
END $$;
--> statement-breakpoint
-- No writer may slip a 9-state row in between the statements below.
LOCK TABLE "onboarding_states" IN ACCESS EXCLUSIVE MODE;
--> statement-breakpoint
ALTER TABLE "onboarding_states" DROP CONSTRAINT "onboarding_states_current_step_check";
--> statement-breakpoint
-- Before the restore below: restored rows have no _migration either and must not be converted.
UPDATE "onboarding_states" AS o
SET
	"current_step" = CASE o."current_step"
		WHEN 0 THEN 0 WHEN 1 THEN 2 WHEN 2 THEN 3 WHEN 3 THEN 5 WHEN 4 THEN 6 WHEN 5 THEN 7
		WHEN 6 THEN 8 WHEN 7 THEN 9 WHEN 8 THEN 10 WHEN 9 THEN 11
	END,
	"step_data" =
		CASE WHEN num_nonnulls(u."age", u."gender", u."height_cm", u."weight_kg") > 0
			THEN jsonb_build_object('step_1', jsonb_strip_nulls(jsonb_build_object(
				'age', u."age", 'gender', u."gender", 'height_cm', u."height_cm", 'weight_kg', u."weight_kg")))
			ELSE '{}'::jsonb END
		|| CASE WHEN jsonb_typeof(o."step_data"->'step_1') <> 'null'
			THEN jsonb_build_object('step_2', o."step_data"->'step_1') ELSE '{}'::jsonb END
		|| CASE WHEN jsonb_typeof(o."step_data"->'step_2') <> 'null'
			THEN jsonb_build_object('step_3', o."step_data"->'step_2') ELSE '{}'::jsonb END
		|| CASE WHEN jsonb_typeof(o."step_data"->'step_3') <> 'null'
			THEN jsonb_build_object(
				'step_4',
				CASE WHEN jsonb_typeof(o."step_data"->'step_3'->'target_weight_kg') <> 'null'
					THEN jsonb_build_object('target_weight_kg', o."step_data"->'step_3'->'target_weight_kg')
					ELSE '{}'::jsonb END
				|| CASE WHEN jsonb_typeof(o."step_data"->'step_3'->'target_body_fat_percentage') <> 'null'
					THEN jsonb_build_object('target_body_fat_percentage', o."step_data"->'step_3'->'target_body_fat_percentage')
					ELSE '{}'::jsonb END,
				'step_5',
				jsonb_build_object('constraints', (
					SELECT COALESCE(jsonb_agg(jsonb_build_object('constraint_type', k.kind, 'description', e.value) ORDER BY k.pos, e.ord), '[]'::jsonb)
					FROM (VALUES (1, 'equipment', 'equipment'), (2, 'injury', 'injuries'), (3, 'limitation', 'limitations')) AS k(pos, kind, field)
					CROSS JOIN LATERAL jsonb_array_elements(
						CASE WHEN jsonb_typeof(o."step_data"->'step_3'->k.field) = 'array'
							THEN o."step_data"->'step_3'->k.field ELSE '[]'::jsonb END
					) WITH ORDINALITY AS e(value, ord)
				)))
			ELSE '{}'::jsonb END
		|| CASE WHEN jsonb_typeof(o."step_data"->'step_4') <> 'null'
			THEN jsonb_build_object('step_6', o."step_data"->'step_4') ELSE '{}'::jsonb END
		|| CASE WHEN jsonb_typeof(o."step_data"->'step_5') <> 'null'
			THEN jsonb_build_object('step_7', o."step_data"->'step_5') ELSE '{}'::jsonb END
		|| CASE WHEN jsonb_typeof(o."step_data"->'step_6') <> 'null'
			THEN jsonb_build_object('step_8', o."step_data"->'step_6') ELSE '{}'::jsonb END
		|| CASE WHEN jsonb_typeof(o."step_data"->'step_7') <> 'null'
			THEN jsonb_build_object('step_9', o."step_data"->'step_7') ELSE '{}'::jsonb END
		|| CASE WHEN jsonb_typeof(o."step_data"->'step_8') <> 'null'
			THEN jsonb_build_object('step_10', o."step_data"->'step_8') ELSE '{}'::jsonb END
		|| CASE WHEN jsonb_typeof(o."step_data"->'step_9') <> 'null'
			THEN jsonb_build_object('step_11', o."step_data"->'step_9') ELSE '{}'::jsonb END
FROM "users" AS u
WHERE u."id" = o."user_id" AND NOT (o."step_data" ? '_migration');
--> statement-breakpoint
UPDATE "onboarding_states"
SET
	"step_data" = "step_data"->'_migration'->'original_step_data',
	"current_step" = ("step_data"->'_migration'->>'original_current_step')::integer
WHERE "step_data" ? '_migration';
--> statement-breakpoint
ALTER TABLE "onboarding_states" DROP COLUMN "agent_history";
--> statement-breakpoint
ALTER TABLE "onboarding_states" DROP COLUMN IF EXISTS "version";
--> statement-breakpoint
ALTER TABLE "onboarding_states" ADD CONSTRAINT "onboarding_states_current_step_check" CHECK ("onboarding_states"."current_step" >= 0 AND "onboarding_states"."current_step" <= 11);
--> statement-breakpoint
DELETE FROM "drizzle"."__drizzle_migrations" WHERE "created_at" IN (1795376965203, 1795376967417);
