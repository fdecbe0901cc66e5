-- AlterTable
ALTER TABLE "Department" ADD COLUMN     "businessHoursId" TEXT;

-- AlterTable
ALTER TABLE "Inbox" ADD COLUMN     "businessHoursId" TEXT;

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "slaPolicyId" TEXT;

-- CreateTable
CREATE TABLE "BusinessHours" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "intervals" JSONB NOT NULL DEFAULT '[]',
    "holidays" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "japaneseHolidays" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BusinessHours_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlaPolicy" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "conditions" JSONB NOT NULL DEFAULT '{}',
    "firstResponseMinutes" INTEGER,
    "nextResponseMinutes" INTEGER,
    "resolutionMinutes" INTEGER,
    "businessHoursId" TEXT,
    "calendarTargets" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "warnAtPercent" INTEGER NOT NULL DEFAULT 80,
    "pauseWhenSnoozed" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlaPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlaClock" (
    "id" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "policyId" TEXT,
    "target" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "warnAt" TIMESTAMP(3),
    "pausedAt" TIMESTAMP(3),
    "warnedAt" TIMESTAMP(3),
    "breachedAt" TIMESTAMP(3),
    "stoppedAt" TIMESTAMP(3),
    "fireAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlaClock_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BusinessHours_name_key" ON "BusinessHours"("name");

-- CreateIndex
CREATE UNIQUE INDEX "SlaPolicy_name_key" ON "SlaPolicy"("name");

-- CreateIndex
CREATE INDEX "SlaClock_fireAt_idx" ON "SlaClock"("fireAt");

-- CreateIndex
CREATE INDEX "SlaClock_conversationId_stoppedAt_idx" ON "SlaClock"("conversationId", "stoppedAt");

-- AddForeignKey
ALTER TABLE "Department" ADD CONSTRAINT "Department_businessHoursId_fkey" FOREIGN KEY ("businessHoursId") REFERENCES "BusinessHours"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Inbox" ADD CONSTRAINT "Inbox_businessHoursId_fkey" FOREIGN KEY ("businessHoursId") REFERENCES "BusinessHours"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_slaPolicyId_fkey" FOREIGN KEY ("slaPolicyId") REFERENCES "SlaPolicy"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlaPolicy" ADD CONSTRAINT "SlaPolicy_businessHoursId_fkey" FOREIGN KEY ("businessHoursId") REFERENCES "BusinessHours"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlaClock" ADD CONSTRAINT "SlaClock_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlaClock" ADD CONSTRAINT "SlaClock_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "SlaPolicy"("id") ON DELETE SET NULL ON UPDATE CASCADE;
