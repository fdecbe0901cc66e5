-- CreateTable
CREATE TABLE "ReportSpan" (
    "id" BIGSERIAL NOT NULL,
    "conversationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "segment" INTEGER NOT NULL,
    "startAt" TIMESTAMP(3) NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "calendarSeconds" DOUBLE PRECISION NOT NULL,
    "businessSeconds" DOUBLE PRECISION NOT NULL,
    "businessHoursId" TEXT,
    "contactId" TEXT,
    "companyId" TEXT,
    "departmentId" TEXT,
    "inboxId" TEXT,
    "channel" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "agentId" TEXT,

    CONSTRAINT "ReportSpan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportSpanQueue" (
    "id" BIGSERIAL NOT NULL,
    "conversationId" TEXT NOT NULL,

    CONSTRAINT "ReportSpanQueue_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReportSpan_kind_at_idx" ON "ReportSpan"("kind", "at");

-- CreateIndex
CREATE INDEX "ReportSpan_departmentId_kind_at_idx" ON "ReportSpan"("departmentId", "kind", "at");

-- CreateIndex
CREATE INDEX "ReportSpan_agentId_kind_at_idx" ON "ReportSpan"("agentId", "kind", "at");

-- CreateIndex
CREATE INDEX "ReportSpan_conversationId_idx" ON "ReportSpan"("conversationId");

-- CreateIndex
CREATE INDEX "ReportSpan_businessHoursId_idx" ON "ReportSpan"("businessHoursId");

-- The rollup of the reports (docs/decisions/025-report-span-rollup.md). Every report event that can
-- change a conversation's segments (a customer message, a reply, a status change) queues its
-- conversation, in the transaction that wrote the event: a report drains the queue (rebuilding those
-- conversations' ReportSpan rows from their events) before it reads, so it is never behind the log.
-- A queue, not a cursor on the event id: ids are taken at insert, so a transaction can commit an id
-- below one a reader has already passed; a queued row is visible exactly when its event is.
CREATE FUNCTION "report_span_enqueue_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ReportSpanQueue" ("conversationId")
  SELECT DISTINCT n."conversationId" FROM new_events n
  WHERE n."conversationId" IS NOT NULL AND n."type" IN ('message_in', 'message_out', 'status');
  RETURN NULL;
END;
$$;

CREATE TRIGGER "ReportEvent_span_queue" AFTER INSERT ON "ReportEvent"
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION "report_span_enqueue_events"();

-- Business seconds use the schedule as it is now (like the derivation at query time did): a changed
-- or deleted schedule re-queues the conversations whose clocks started under it.
CREATE FUNCTION "report_span_enqueue_schedule"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ReportSpanQueue" ("conversationId")
  SELECT DISTINCT s."conversationId" FROM "ReportSpan" s WHERE s."businessHoursId" = OLD."id";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "BusinessHours_span_queue" AFTER UPDATE OR DELETE ON "BusinessHours"
  FOR EACH ROW EXECUTE FUNCTION "report_span_enqueue_schedule"();

-- Backfill: every conversation already in the log is derived by the first report that reads.
INSERT INTO "ReportSpanQueue" ("conversationId")
SELECT DISTINCT e."conversationId" FROM "ReportEvent" e
WHERE e."conversationId" IS NOT NULL AND e."type" IN ('message_in', 'message_out', 'status');
