-- An idempotency claim is a lease: the instance that holds it ('owner') and until when.
-- A failed release (database down at the time) no longer blocks the key: the owning instance
-- reclaims it at once, any other one after the lease.
ALTER TABLE "idempotency_keys" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "owner" text;--> statement-breakpoint
-- Stored text stays bounded whatever a caller (or an LLM) hands over: chat messages are cut at
-- 8,000 characters, the field name of a rejected answer at 100.
CREATE FUNCTION "chat_messages_bound_content"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.content := left(NEW.content, 8000);
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "chat_messages_bound_content" BEFORE INSERT OR UPDATE OF "content" ON "chat_messages"
  FOR EACH ROW WHEN (char_length(NEW.content) > 8000) EXECUTE FUNCTION "chat_messages_bound_content"();--> statement-breakpoint
CREATE FUNCTION "validation_failures_bound_field"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.field := left(NEW.field, 100);
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "validation_failures_bound_field" BEFORE INSERT OR UPDATE OF "field" ON "validation_failures"
  FOR EACH ROW WHEN (char_length(NEW.field) > 100) EXECUTE FUNCTION "validation_failures_bound_field"();
