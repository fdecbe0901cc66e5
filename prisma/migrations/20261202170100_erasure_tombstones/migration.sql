-- Erasure tombstones and the file-reference check it needs (issue 15, docs/decisions/019).
-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "erasedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Attachment_sha256_idx" ON "Attachment"("sha256");

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "anonymisedAt" TIMESTAMP(3);
