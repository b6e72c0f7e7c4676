-- The offline onboarding agent's dialogue (which question is open, a confirmation pending, failed
-- tries, partial answers kept, an edit detour) is an XState machine persisted with the onboarding
-- row, like every other machine snapshot: its id, its version and the snapshot. Conversations
-- stored before this kept it in the meta of their last reply; the application brings those
-- forward (version 0) on their next turn, so nothing is rewritten here.
ALTER TABLE "onboarding_states" ADD COLUMN "dialogue_machine_id" text;--> statement-breakpoint
ALTER TABLE "onboarding_states" ADD COLUMN "dialogue_machine_version" integer;--> statement-breakpoint
ALTER TABLE "onboarding_states" ADD COLUMN "dialogue_snapshot" jsonb;
