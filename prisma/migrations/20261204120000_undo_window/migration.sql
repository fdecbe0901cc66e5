-- AlterTable
ALTER TABLE "User" ADD COLUMN     "sendDelaySeconds" INTEGER NOT NULL DEFAULT 5;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "sendAt" TIMESTAMP(3);

-- A held reply (its undo window, docs/decisions/027-undo-and-held-replies.md) reaches the reports when
-- the window closes, not when it was written: server/domain/messages/release-held-reply.ts calls
-- report_message_event then, and a reply undone in its window never counts as one.
CREATE OR REPLACE FUNCTION "report_message_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."sendAt" IS NULL THEN
    PERFORM "report_message_event"(NEW);
  END IF;
  RETURN NULL;
END;
$$;

-- Outgoing webhooks hear of a held reply when its window closes: the event's job waits until sendAt,
-- and finds nothing to send when the reply was undone meanwhile (the row is gone).
CREATE FUNCTION "webhook_event_enqueue"(p_types text[], p_payload jsonb, p_run_at timestamp) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "WebhookEndpoint" WHERE "enabled" AND "events" && p_types) THEN
    INSERT INTO "OutboxJob" ("id", "kind", "payload", "maxAttempts", "runAt", "updatedAt")
    VALUES ('wev_' || replace(gen_random_uuid()::text, '-', ''), 'webhook-event',
      p_payload || jsonb_build_object('inboxId', 'webhook-events'), 8, coalesce(p_run_at, CURRENT_TIMESTAMP), now());
  END IF;
END;
$$;

CREATE OR REPLACE FUNCTION "webhook_message_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."kind" = 'note' THEN
    PERFORM "webhook_event_enqueue"(ARRAY['message.created.note'], jsonb_build_object('source', 'message', 'messageId', NEW."id"));
  ELSIF NEW."kind" = 'message' THEN
    PERFORM "webhook_event_enqueue"(
      ARRAY[CASE WHEN NEW."direction" = 'inbound' THEN 'message.created.inbound' ELSE 'message.created.outbound' END],
      jsonb_build_object('source', 'message', 'messageId', NEW."id"), NEW."sendAt");
  ELSIF NEW."kind" = 'event' AND NEW."meta" ->> 'event' = 'csat' AND NEW."meta" ? 'surveyId' THEN
    PERFORM "webhook_event_enqueue"(ARRAY['csat.received'], jsonb_build_object('source', 'csat', 'messageId', NEW."id"));
  END IF;
  RETURN NULL;
END;
$$;
