-- CreateTable
CREATE TABLE "AttributeChange" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entity" TEXT NOT NULL,
    "contactId" TEXT,
    "companyId" TEXT,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "labelJa" TEXT,
    "before" JSONB,
    "after" JSONB,
    "actorId" TEXT,
    "actorName" TEXT,
    "ruleId" TEXT,
    "ruleName" TEXT,
    "via" TEXT,

    CONSTRAINT "AttributeChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AttributeChange_contactId_createdAt_id_idx" ON "AttributeChange"("contactId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AttributeChange_companyId_createdAt_id_idx" ON "AttributeChange"("companyId", "createdAt" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "AttributeChange" ADD CONSTRAINT "AttributeChange_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttributeChange" ADD CONSTRAINT "AttributeChange_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttributeChange" ADD CONSTRAINT "AttributeChange_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
