-- A row's current_step is the state being worked on. Rows consolidated from the 11-step model
-- (those carrying step_data._migration) got the legacy "last saved step" mapped instead, which
-- asks a migrated user again for a state already saved (old 5 -> 3 with state 3 saved). Each
-- such row now works on the first of the nine states without data, or on 9 when all nine have
-- data; a row at 0 (never started) stays at 0. Rows the service wrote itself are left alone.
-- The rollback is unaffected: it restores current_step from _migration.original_current_step.
UPDATE "onboarding_states" AS o
SET "current_step" = w.step
FROM (
	SELECT
		s."id",
		COALESCE(
			(SELECT min(n) FROM generate_series(1, 9) AS n
			 WHERE COALESCE(s."step_data" -> ('step_' || n), 'null'::jsonb) = 'null'::jsonb),
			9
		) AS step
	FROM "onboarding_states" AS s
	WHERE s."step_data" ? '_migration' AND s."current_step" <> 0
) AS w
WHERE o."id" = w."id" AND o."current_step" <> w.step;
