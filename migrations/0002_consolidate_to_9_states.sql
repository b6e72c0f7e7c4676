-- Consolidates the legacy 11-step onboarding rows to the 9 states of SPEC section 7, set-based
-- (no row loop), inside the migrator's single transaction. src/db/legacy/reference.ts is the
-- same mapping in TypeScript; test/legacy-migration.test.ts checks the two agree row for row.
--
-- A legacy step counts as present only when its value is a JSON object; anything else (null,
-- arrays, scalars) and keys other than step_1..step_11 are dropped from the live data and
-- survive only in step_data._migration.original_step_data.
--
-- users (old step_1): age (a JSON number with an integral value in int4 range), gender (a JSON
-- string), height_cm and weight_kg (JSON numbers) overwrite the user's columns; an absent, null
-- or mistyped value leaves the column as it was, so a non-null column never becomes null.
--
-- New step_3 (from old 4 and old 5):
--   * exists when old step_4 or old step_5 is present; when neither is, there is no step_3 key;
--   * always holds equipment, injuries and limitations: the `description` strings of old 5's
--     constraints whose constraint_type is exactly equipment / injury / limitation, in list
--     order; entries of another type, or without a string description, are dropped; each array
--     is empty when nothing matches, including when only old 4 exists. The arrays are required
--     by state 3's schema, and such a row (old current_step 4 -> 2) still has state 3 ahead of
--     it, so the flow asks for constraints again before moving past it;
--   * target_weight_kg / target_body_fat_percentage are copied verbatim from old 4 when the key
--     is there and not null; otherwise left out (they are optional in state 3).
-- Other steps move verbatim: old 2 -> 1, 3 -> 2, 6..11 -> 4..9.
--
-- current_step: 0-1 -> 0, 2 -> 1, 3-4 -> 2, 5 -> 3, 6..11 -> 4..9. is_complete, deleted_at,
-- created_at and updated_at are left alone: the rows change shape, not content. Soft-deleted
-- rows are migrated like any other, since the new CHECK has to hold for every row.
--
-- Every row keeps its original under step_data._migration = {original_step_data,
-- original_current_step, migrated_at (the transaction's now(), the same for every row)};
-- migrations/rollback/0002_consolidate_to_9_states.down.sql restores from it.
--
-- Compresses the rewritten step_data with lz4, several times faster than the default pglz (and
-- smaller), on servers built with it; elsewhere (PGlite) the default stays. Transaction-local:
-- it only decides how the values written by this migration are stored, reads are transparent.
DO $$
BEGIN
	PERFORM set_config('default_toast_compression', 'lz4', true);
EXCEPTION WHEN invalid_parameter_value THEN
	NULL;
END $$;
--> statement-breakpoint
-- Before the rewrite below, which moves step_1 out of the live data. The values are computed for
-- every row (a non-object step_1 yields nulls) behind OFFSET 0 fences, so step_1 is extracted
-- once per row rather than once per reference, and the planner, expecting all rows, hash-joins
-- instead of probing users one row at a time.
UPDATE "users" AS u
SET
	"age" = COALESCE(v.age, u."age"),
	"gender" = COALESCE(v.gender, u."gender"),
	"height_cm" = COALESCE(v.height_cm, u."height_cm"),
	"weight_kg" = COALESCE(v.weight_kg, u."weight_kg")
FROM (
	SELECT
		b.user_id,
		-- Nested CASEs: the numeric casts must not run on a value that is not a number.
		CASE WHEN jsonb_typeof(b.info->'age') = 'number' THEN
			CASE WHEN (b.info->>'age')::numeric BETWEEN -2147483648 AND 2147483647
				AND (b.info->>'age')::numeric % 1 = 0
			THEN (b.info->>'age')::numeric::integer END
		END AS age,
		CASE WHEN jsonb_typeof(b.info->'gender') = 'string' THEN b.info->>'gender' END AS gender,
		CASE WHEN jsonb_typeof(b.info->'height_cm') = 'number' THEN (b.info->>'height_cm')::double precision END AS height_cm,
		CASE WHEN jsonb_typeof(b.info->'weight_kg') = 'number' THEN (b.info->>'weight_kg')::double precision END AS weight_kg
	FROM (
		SELECT "user_id" AS user_id,
			CASE WHEN jsonb_typeof("step_data"->'step_1') = 'object' THEN "step_data"->'step_1' END AS info
		FROM "onboarding_states"
		OFFSET 0
	) AS b
	OFFSET 0
) AS v
WHERE u."id" = v.user_id
	AND (v.age IS NOT NULL OR v.gender IS NOT NULL OR v.height_cm IS NOT NULL OR v.weight_kg IS NOT NULL);
--> statement-breakpoint
-- A table rewrite (ALTER ... TYPE ... USING) rather than an UPDATE: one pass writes every row
-- once, leaves no dead copy of the table behind, rebuilds the two indexes by sorting instead of
-- inserting a million entries into each, and checks the new CHECK on the way. The USING
-- expressions both see the row as it was. step_data is built by one jsonb_build_object holding
-- every key, absent ones as NULL, then those keys are deleted in one `-` (a no-op when none are):
-- each jsonb operation copies the whole document, so chains of `||` cost several times more.
ALTER TABLE "onboarding_states"
	DROP CONSTRAINT "onboarding_states_current_step_check",
	ALTER COLUMN "step_data" SET DATA TYPE jsonb USING
		jsonb_build_object(
			'_migration', jsonb_build_object(
				'original_step_data', "step_data",
				'original_current_step', "current_step",
				'migrated_at', now()),
			'step_1', "step_data"->'step_2',
			'step_2', "step_data"->'step_3',
			'step_3', CASE WHEN jsonb_typeof("step_data"->'step_4') = 'object' OR jsonb_typeof("step_data"->'step_5') = 'object' THEN
				jsonb_build_object(
					-- strict: no auto-unwrapping of arrays; silent: a missing or non-array
					-- constraints list yields [] instead of an error.
					'equipment', COALESCE(jsonb_path_query_array("step_data"->'step_5',
						'strict $.constraints[*] ? (@.constraint_type == "equipment" && @.description.type() == "string").description',
						'{}', true), '[]'::jsonb),
					'injuries', COALESCE(jsonb_path_query_array("step_data"->'step_5',
						'strict $.constraints[*] ? (@.constraint_type == "injury" && @.description.type() == "string").description',
						'{}', true), '[]'::jsonb),
					'limitations', COALESCE(jsonb_path_query_array("step_data"->'step_5',
						'strict $.constraints[*] ? (@.constraint_type == "limitation" && @.description.type() == "string").description',
						'{}', true), '[]'::jsonb),
					'target_weight_kg', "step_data"->'step_4'->'target_weight_kg',
					'target_body_fat_percentage', "step_data"->'step_4'->'target_body_fat_percentage')
				- array_remove(ARRAY[
					CASE WHEN jsonb_typeof("step_data"->'step_4'->'target_weight_kg') <> 'null' THEN NULL ELSE 'target_weight_kg' END,
					CASE WHEN jsonb_typeof("step_data"->'step_4'->'target_body_fat_percentage') <> 'null' THEN NULL ELSE 'target_body_fat_percentage' END
				], NULL)
			END,
			'step_4', "step_data"->'step_6',
			'step_5', "step_data"->'step_7',
			'step_6', "step_data"->'step_8',
			'step_7', "step_data"->'step_9',
			'step_8', "step_data"->'step_10',
			'step_9', "step_data"->'step_11')
		- array_remove(ARRAY[
			CASE WHEN jsonb_typeof("step_data"->'step_2') = 'object' THEN NULL ELSE 'step_1' END,
			CASE WHEN jsonb_typeof("step_data"->'step_3') = 'object' THEN NULL ELSE 'step_2' END,
			CASE WHEN jsonb_typeof("step_data"->'step_4') = 'object' OR jsonb_typeof("step_data"->'step_5') = 'object' THEN NULL ELSE 'step_3' END,
			CASE WHEN jsonb_typeof("step_data"->'step_6') = 'object' THEN NULL ELSE 'step_4' END,
			CASE WHEN jsonb_typeof("step_data"->'step_7') = 'object' THEN NULL ELSE 'step_5' END,
			CASE WHEN jsonb_typeof("step_data"->'step_8') = 'object' THEN NULL ELSE 'step_6' END,
			CASE WHEN jsonb_typeof("step_data"->'step_9') = 'object' THEN NULL ELSE 'step_7' END,
			CASE WHEN jsonb_typeof("step_data"->'step_10') = 'object' THEN NULL ELSE 'step_8' END,
			CASE WHEN jsonb_typeof("step_data"->'step_11') = 'object' THEN NULL ELSE 'step_9' END
		], NULL),
	ALTER COLUMN "current_step" SET DATA TYPE integer USING CASE "current_step"
		WHEN 0 THEN 0 WHEN 1 THEN 0 WHEN 2 THEN 1 WHEN 3 THEN 2 WHEN 4 THEN 2 WHEN 5 THEN 3
		WHEN 6 THEN 4 WHEN 7 THEN 5 WHEN 8 THEN 6 WHEN 9 THEN 7 WHEN 10 THEN 8 WHEN 11 THEN 9
	END,
	ADD CONSTRAINT "onboarding_states_current_step_check" CHECK ("onboarding_states"."current_step" >= 0 AND "onboarding_states"."current_step" <= 9);
--> statement-breakpoint
-- After the rewrite, so the constant default stays metadata-only (no value stored in each row).
ALTER TABLE "onboarding_states" ADD COLUMN "agent_history" jsonb DEFAULT '[]'::jsonb NOT NULL;
