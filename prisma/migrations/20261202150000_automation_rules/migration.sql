-- CreateTable
CREATE TABLE "AutomationRule" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "event" TEXT NOT NULL,
    "minutes" INTEGER,
    "match" TEXT NOT NULL DEFAULT 'all',
    "conditions" JSONB NOT NULL DEFAULT '[]',
    "actions" JSONB NOT NULL DEFAULT '[]',
    "order" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AutomationRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutomationTimer" (
    "id" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "anchorAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'pending',
    "lockedAt" TIMESTAMP(3),
    "lockedBy" TEXT,
    "firedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AutomationTimer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Macro" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shortcut" TEXT,
    "actions" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Macro_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AutomationRule_name_key" ON "AutomationRule"("name");

-- CreateIndex
CREATE INDEX "AutomationRule_event_enabled_order_idx" ON "AutomationRule"("event", "enabled", "order");

-- CreateIndex
CREATE INDEX "AutomationTimer_status_dueAt_idx" ON "AutomationTimer"("status", "dueAt");

-- CreateIndex
CREATE INDEX "AutomationTimer_conversationId_idx" ON "AutomationTimer"("conversationId");

-- CreateIndex
CREATE UNIQUE INDEX "AutomationTimer_ruleId_conversationId_anchorAt_key" ON "AutomationTimer"("ruleId", "conversationId", "anchorAt");

-- CreateIndex
CREATE UNIQUE INDEX "Macro_name_key" ON "Macro"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Macro_shortcut_key" ON "Macro"("shortcut");

-- AddForeignKey
ALTER TABLE "AutomationTimer" ADD CONSTRAINT "AutomationTimer_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AutomationRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AutomationTimer" ADD CONSTRAINT "AutomationTimer_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
