-- Bounces, complaints and third-party forwards (issue 16, decision 013).
ALTER TYPE "DeliveryStatus" ADD VALUE 'delayed';

ALTER TABLE "ContactIdentity" ADD COLUMN "undeliverableAt" TIMESTAMP(3),
ADD COLUMN "undeliverableReason" TEXT,
ADD COLUMN "complainedAt" TIMESTAMP(3);

ALTER TABLE "Conversation" ADD COLUMN "relatedToId" TEXT;

CREATE INDEX "Conversation_relatedToId_idx" ON "Conversation"("relatedToId");

ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_relatedToId_fkey" FOREIGN KEY ("relatedToId") REFERENCES "Conversation"("id") ON DELETE SET NULL ON UPDATE CASCADE;
