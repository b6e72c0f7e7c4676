-- The onboarding table exactly as production has it in the 11-step model, so that the
-- consolidation (0002) runs against the same shape here, in tests and in production.
-- step_data keys step_1..step_11:
--   1 basic info {age, gender, height_cm, weight_kg}      7 meal plan {daily_calorie_target,
--   2 fitness level {fitness_level}                          protein/carbs/fats_percentage}
--   3 goals {goals: [{goal_type, priority}]}              8 meal schedule {meals: [...]}
--   4 targets {target_weight_kg,                          9 workout schedule {workouts: [...]}
--     target_body_fat_percentage}                        10 hydration {daily_water_target_ml,
--   5 constraints {constraints: [{constraint_type:           reminder_frequency_minutes}
--     equipment|injury|limitation, description}]}       11 supplements {interested_in_supplements,
--   6 diet prefs {diet_type, allergies,                      current_supplements}
--     intolerances, dislikes}
CREATE TABLE "onboarding_states" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"current_step" integer DEFAULT 0 NOT NULL,
	"is_complete" boolean DEFAULT false NOT NULL,
	"step_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "onboarding_states_user_id_unique" UNIQUE("user_id"),
	CONSTRAINT "onboarding_states_current_step_check" CHECK ("onboarding_states"."current_step" >= 0 AND "onboarding_states"."current_step" <= 11)
);
--> statement-breakpoint
ALTER TABLE "onboarding_states" ADD CONSTRAINT "onboarding_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
