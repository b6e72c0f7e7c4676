CREATE TABLE "validation_failures" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "validation_failures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" uuid NOT NULL,
	"flow" text NOT NULL,
	"state" integer NOT NULL,
	"field" text NOT NULL,
	"agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "validation_failures" ADD CONSTRAINT "validation_failures_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "validation_failures_flow_state_idx" ON "validation_failures" USING btree ("flow","state");--> statement-breakpoint
CREATE INDEX "validation_failures_created_idx" ON "validation_failures" USING btree ("created_at");