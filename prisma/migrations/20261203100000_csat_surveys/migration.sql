-- AlterTable
ALTER TABLE "Department" ADD COLUMN     "csatEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "csatQuietPeriodDays" INTEGER NOT NULL DEFAULT 7;

-- AlterTable
ALTER TABLE "ContactIdentity" ADD COLUMN     "surveysOptedOutAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Inbox" ADD COLUMN     "csatEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "csatQuietPeriodDays" INTEGER NOT NULL DEFAULT 7;

-- CreateTable
CREATE TABLE "CsatSurvey" (
    "id" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "inboxId" TEXT NOT NULL,
    "departmentId" TEXT,
    "identityId" TEXT,
    "channel" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rating" INTEGER,
    "comment" TEXT,
    "respondedAt" TIMESTAMP(3),

    CONSTRAINT "CsatSurvey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CsatSurvey_token_key" ON "CsatSurvey"("token");

-- CreateIndex
CREATE INDEX "CsatSurvey_conversationId_sentAt_idx" ON "CsatSurvey"("conversationId", "sentAt" DESC);

-- CreateIndex
CREATE INDEX "CsatSurvey_respondedAt_id_idx" ON "CsatSurvey"("respondedAt" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "CsatSurvey" ADD CONSTRAINT "CsatSurvey_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CsatSurvey" ADD CONSTRAINT "CsatSurvey_inboxId_fkey" FOREIGN KEY ("inboxId") REFERENCES "Inbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CsatSurvey" ADD CONSTRAINT "CsatSurvey_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CsatSurvey" ADD CONSTRAINT "CsatSurvey_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "ContactIdentity"("id") ON DELETE SET NULL ON UPDATE CASCADE;
