-- Large raw payloads live in the file store; the row keeps their hash (issue 17, finding 6).
-- Existing rows keep their inline payload, which stays readable.

-- AlterTable
ALTER TABLE "InboundEvent" ALTER COLUMN "payload" DROP NOT NULL,
ADD COLUMN     "payloadSha256" TEXT,
ADD COLUMN     "payloadSize" INTEGER NOT NULL DEFAULT 0;

UPDATE "InboundEvent" SET "payloadSize" = octet_length("payload");

-- CreateIndex
CREATE INDEX "InboundEvent_payloadSha256_idx" ON "InboundEvent"("payloadSha256");
