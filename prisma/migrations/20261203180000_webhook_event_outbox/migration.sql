-- Outgoing webhook events are written in the transaction of the change they describe (issue 15,
-- docs/decisions/024-webhook-events-in-the-transaction.md): each trigger below inserts one outbox job
-- of kind `webhook-event` naming the row and, for conversations, the changed fields. The outbox worker
-- turns the job into the per-endpoint deliveries. A job is written only when an enabled endpoint
-- subscribes to one of the event types, so installations without webhooks pay one EXISTS per write.
-- The same SQL runs on PostgreSQL 15 and PGlite.

CREATE FUNCTION "webhook_event_enqueue"(p_types text[], p_payload jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "WebhookEndpoint" WHERE "enabled" AND "events" && p_types) THEN
    INSERT INTO "OutboxJob" ("id", "kind", "payload", "maxAttempts", "updatedAt")
    VALUES ('wev_' || replace(gen_random_uuid()::text, '-', ''), 'webhook-event',
      p_payload || jsonb_build_object('inboxId', 'webhook-events'), 8, now());
  END IF;
END;
$$;

-- A message, note or CSAT answer (a `csat` timeline event, which holds that answer). Other timeline events record a
-- conversation change, which the Conversation trigger reports.
CREATE FUNCTION "webhook_message_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."kind" = 'note' THEN
    PERFORM "webhook_event_enqueue"(ARRAY['message.created.note'], jsonb_build_object('source', 'message', 'messageId', NEW."id"));
  ELSIF NEW."kind" = 'message' THEN
    PERFORM "webhook_event_enqueue"(
      ARRAY[CASE WHEN NEW."direction" = 'inbound' THEN 'message.created.inbound' ELSE 'message.created.outbound' END],
      jsonb_build_object('source', 'message', 'messageId', NEW."id"));
  ELSIF NEW."kind" = 'event' AND NEW."meta" ->> 'event' = 'csat' AND NEW."meta" ? 'surveyId' THEN
    PERFORM "webhook_event_enqueue"(ARRAY['csat.received'], jsonb_build_object('source', 'csat', 'messageId', NEW."id"));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Message_webhook_event" AFTER INSERT ON "Message" FOR EACH ROW EXECUTE FUNCTION "webhook_message_trigger"();

-- A new conversation, or a change of its status, assignee, priority, department, tags, attributes,
-- contact or merge target, named as the flows name them (`changes`). A flow that writes a conversation
-- more than once in one transaction (the fields, then the attribute values) makes one event of it, as
-- it announced one: the job of this transaction takes the new changes.
CREATE FUNCTION "webhook_conversation_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes text[] := ARRAY[]::text[];
  tx text := txid_current()::text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "webhook_event_enqueue"(ARRAY['conversation.created'],
      jsonb_build_object('source', 'conversation', 'conversationId', NEW."id", 'changes', jsonb_build_array('created'), 'tx', tx));
    RETURN NULL;
  END IF;
  IF NEW."status" IS DISTINCT FROM OLD."status" THEN changes := array_append(changes, 'status'); END IF;
  IF NEW."assigneeId" IS DISTINCT FROM OLD."assigneeId" THEN changes := array_append(changes, 'assigneeId'); END IF;
  IF NEW."departmentId" IS DISTINCT FROM OLD."departmentId" THEN changes := array_append(changes, 'departmentId'); END IF;
  IF NEW."priority" IS DISTINCT FROM OLD."priority" THEN changes := array_append(changes, 'priority'); END IF;
  IF NEW."tags" IS DISTINCT FROM OLD."tags" THEN changes := array_append(changes, 'tags'); END IF;
  IF NEW."attributes" IS DISTINCT FROM OLD."attributes" THEN changes := array_append(changes, 'attributes'); END IF;
  IF NEW."contactId" IS DISTINCT FROM OLD."contactId" THEN changes := array_append(changes, 'contact'); END IF;
  IF NEW."mergedIntoId" IS DISTINCT FROM OLD."mergedIntoId" THEN changes := array_append(changes, 'mergedIntoId'); END IF;
  IF cardinality(changes) = 0 THEN RETURN NULL; END IF;
  UPDATE "OutboxJob" SET "payload" = jsonb_set("payload", '{changes}', ("payload" -> 'changes')
      || (SELECT coalesce(jsonb_agg(c), '[]'::jsonb) FROM unnest(changes) c WHERE NOT ("payload" -> 'changes') ? c))
    WHERE "kind" = 'webhook-event' AND "status" = 'pending' AND "payload" ->> 'tx' = tx AND "payload" ->> 'conversationId' = NEW."id";
  IF NOT FOUND THEN
    PERFORM "webhook_event_enqueue"(
      CASE WHEN 'status' = ANY(changes) AND NEW."status" = 'resolved'
        THEN ARRAY['conversation.updated', 'conversation.resolved'] ELSE ARRAY['conversation.updated'] END,
      jsonb_build_object('source', 'conversation', 'conversationId', NEW."id", 'changes', to_jsonb(changes), 'tx', tx));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Conversation_webhook_event" AFTER INSERT OR UPDATE OF "status", "assigneeId", "departmentId", "priority", "tags",
  "attributes", "contactId", "mergedIntoId" ON "Conversation" FOR EACH ROW EXECUTE FUNCTION "webhook_conversation_trigger"();

-- A new contact, or a change of its own data. Erasure and being merged away are no update of the
-- contact's data (erasure must not send the data it removes anywhere).
CREATE FUNCTION "webhook_contact_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "webhook_event_enqueue"(ARRAY['contact.created'], jsonb_build_object('source', 'contact', 'contactId', NEW."id", 'change', 'created'));
  ELSIF NEW."erasedAt" IS NULL AND NEW."mergedIntoId" IS NULL
    AND (NEW."name", NEW."nameReading", NEW."companyId", NEW."attributes") IS DISTINCT FROM (OLD."name", OLD."nameReading", OLD."companyId", OLD."attributes") THEN
    PERFORM "webhook_event_enqueue"(ARRAY['contact.updated'], jsonb_build_object('source', 'contact', 'contactId', NEW."id", 'change', 'updated'));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Contact_webhook_event" AFTER INSERT OR UPDATE OF "name", "nameReading", "companyId", "attributes" ON "Contact"
  FOR EACH ROW EXECUTE FUNCTION "webhook_contact_trigger"();

-- An SLA target missed: the moment its clock is marked breached (once, decision 016).
CREATE FUNCTION "webhook_sla_clock_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."breachedAt" IS NULL AND NEW."breachedAt" IS NOT NULL THEN
    PERFORM "webhook_event_enqueue"(ARRAY['sla.breached'], jsonb_build_object('source', 'sla', 'clockId', NEW."id"));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "SlaClock_webhook_event" AFTER UPDATE OF "breachedAt" ON "SlaClock" FOR EACH ROW EXECUTE FUNCTION "webhook_sla_clock_trigger"();
