-- CreateTable
CREATE TABLE "ReportEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "conversationId" TEXT,
    "messageId" TEXT,
    "contactId" TEXT,
    "companyId" TEXT,
    "inboxId" TEXT,
    "channel" TEXT,
    "departmentId" TEXT,
    "assigneeId" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "businessHoursId" TEXT,
    "agentId" TEXT,
    "automated" BOOLEAN NOT NULL DEFAULT false,
    "data" JSONB NOT NULL DEFAULT '{}',
    "dedupeKey" TEXT,

    CONSTRAINT "ReportEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReportEvent_dedupeKey_key" ON "ReportEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "ReportEvent_type_at_idx" ON "ReportEvent"("type", "at");

-- CreateIndex
CREATE INDEX "ReportEvent_conversationId_at_idx" ON "ReportEvent"("conversationId", "at");

-- The reports' event log (issue 13, docs/decisions/021-report-event-log.md). Rows are written by the
-- triggers below in the transaction of the write they describe, so a report can never miss or invent a
-- fact; the same SQL runs on PostgreSQL 15 and PGlite.

-- One event about a conversation, with the conversation's department, assignee, tags, contact,
-- company and business hours (the department's, else the inbox's: the hours agents work by) as they
-- are at this moment. Also called by the flows (SLA met, record views).
CREATE FUNCTION "report_event_insert"(p_type text, p_at timestamp, p_conversation_id text, p_message_id text, p_channel text,
  p_agent_id text, p_automated boolean, p_data jsonb, p_dedupe_key text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ReportEvent" ("at", "type", "conversationId", "messageId", "contactId", "companyId", "inboxId", "channel",
    "departmentId", "assigneeId", "tags", "businessHoursId", "agentId", "automated", "data", "dedupeKey")
  SELECT p_at, p_type, c."id", p_message_id, c."contactId", ct."companyId", c."inboxId", coalesce(p_channel, i."kind"),
    c."departmentId", c."assigneeId", c."tags", coalesce(d."businessHoursId", i."businessHoursId"), p_agent_id,
    p_automated, coalesce(p_data, '{}'), p_dedupe_key
  FROM "Conversation" c
  JOIN "Inbox" i ON i."id" = c."inboxId"
  LEFT JOIN "Contact" ct ON ct."id" = c."contactId"
  LEFT JOIN "Department" d ON d."id" = c."departmentId"
  WHERE c."id" = p_conversation_id
  ON CONFLICT ("dedupeKey") DO NOTHING;
END;
$$;

-- A message, note or timeline event as a report event. Human = written by a user, not by a rule, a
-- bot or an auto-reply (meta.rule / meta.automated / meta.bot); customer auto-replies and bounces
-- (meta.automated) are kept but marked. Names and texts in an event's meta are left out.
CREATE FUNCTION "report_message_event"(m "Message") RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t text;
  machine boolean := coalesce(m."meta" ? 'rule' OR m."meta" -> 'automated' = 'true'::jsonb OR m."meta" ? 'bot', false);
  d jsonb := '{}';
BEGIN
  IF m."kind" = 'message' AND m."direction" = 'inbound' THEN
    t := 'message_in';
  ELSIF m."kind" = 'message' AND m."direction" = 'outbound' THEN
    t := 'message_out';
    machine := machine OR m."authorUserId" IS NULL;
  ELSIF m."kind" = 'note' THEN
    t := 'note';
    machine := machine OR m."authorUserId" IS NULL;
  ELSIF m."kind" = 'event' AND m."meta" ? 'event' THEN
    t := m."meta" ->> 'event';
    machine := machine OR m."authorUserId" IS NULL;
    d := (m."meta" - 'event' - 'actorName' - 'assigneeName' - 'previousAssigneeName' - 'departmentName' - 'policyName'
      - 'sourceName' - 'intoName' - 'comment' - 'rule')
      || CASE WHEN m."meta" ? 'rule' THEN jsonb_build_object('ruleId', m."meta" -> 'rule' -> 'id') ELSE '{}'::jsonb END;
  ELSE
    RETURN;
  END IF;
  PERFORM "report_event_insert"(t, m."createdAt", m."conversationId", m."id", m."channel", m."authorUserId", machine, d, NULL);
END;
$$;

CREATE FUNCTION "report_message_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "report_message_event"(NEW);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Message_report_event" AFTER INSERT ON "Message" FOR EACH ROW EXECUTE FUNCTION "report_message_trigger"();

-- An SLA target applied to a conversation (a clock started).
CREATE FUNCTION "report_sla_clock_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "report_event_insert"('sla-applied', NEW."startedAt", NEW."conversationId", NULL, NULL, NULL, false,
    jsonb_build_object('target', NEW."target", 'clockId', NEW."id", 'dueAt', NEW."dueAt"), NULL);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "SlaClock_report_event" AFTER INSERT ON "SlaClock" FOR EACH ROW EXECUTE FUNCTION "report_sla_clock_trigger"();

-- An agent's status change (online / away / offline), for time online.
CREATE FUNCTION "report_presence_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ReportEvent" ("at", "type", "agentId", "data")
  VALUES (CURRENT_TIMESTAMP(3)::timestamp, 'presence', NEW."id", jsonb_build_object('status', NEW."status"::text, 'previous', OLD."status"::text));
  RETURN NULL;
END;
$$;

CREATE TRIGGER "User_report_presence" AFTER UPDATE OF "status" ON "User"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status") EXECUTE FUNCTION "report_presence_trigger"();

-- Append-only, like the audit log (docs/decisions/018-audit-log.md).
CREATE FUNCTION "report_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ReportEvent is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "ReportEvent_no_update_delete" BEFORE UPDATE OR DELETE ON "ReportEvent"
  FOR EACH ROW EXECUTE FUNCTION "report_event_append_only"();

CREATE TRIGGER "ReportEvent_no_truncate" BEFORE TRUNCATE ON "ReportEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "report_event_append_only"();

-- Backfill from today's messages and timeline events, and from the SLA clocks (a clock that stopped
-- before its due time without a breach counts as met; before this log a replaced clock looked the same).
SELECT "report_message_event"(m) FROM "Message" m ORDER BY m."createdAt", m."id";

SELECT "report_event_insert"('sla-applied', k."startedAt", k."conversationId", NULL, NULL, NULL, false,
  jsonb_build_object('target', k."target", 'clockId', k."id", 'dueAt', k."dueAt"), NULL)
FROM "SlaClock" k ORDER BY k."startedAt", k."id";

SELECT "report_event_insert"('sla-met', k."stoppedAt", k."conversationId", NULL, NULL, NULL, false,
  jsonb_build_object('target', k."target", 'clockId', k."id", 'dueAt', k."dueAt"), NULL)
FROM "SlaClock" k WHERE k."stoppedAt" IS NOT NULL AND k."breachedAt" IS NULL AND k."stoppedAt" <= k."dueAt"
ORDER BY k."stoppedAt", k."id";
