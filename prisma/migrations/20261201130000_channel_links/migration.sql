-- Slack's channel links and department channels move out of core tables into generic ones keyed by
-- the inbox's external channel id. Create, copy the data, then drop the old table and columns.

-- CreateTable
CREATE TABLE "ChannelLink" (
    "inboxId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "contactId" TEXT,
    "companyId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelLink_pkey" PRIMARY KEY ("inboxId","externalId")
);

-- CreateTable
CREATE TABLE "DepartmentChannel" (
    "departmentId" TEXT NOT NULL,
    "inboxId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DepartmentChannel_pkey" PRIMARY KEY ("departmentId")
);

-- CreateIndex
CREATE INDEX "DepartmentChannel_inboxId_idx" ON "DepartmentChannel"("inboxId");

-- AddForeignKey
ALTER TABLE "ChannelLink" ADD CONSTRAINT "ChannelLink_inboxId_fkey" FOREIGN KEY ("inboxId") REFERENCES "Inbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelLink" ADD CONSTRAINT "ChannelLink_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelLink" ADD CONSTRAINT "ChannelLink_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepartmentChannel" ADD CONSTRAINT "DepartmentChannel_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepartmentChannel" ADD CONSTRAINT "DepartmentChannel_inboxId_fkey" FOREIGN KEY ("inboxId") REFERENCES "Inbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CopyData
INSERT INTO "ChannelLink" ("inboxId", "externalId", "contactId", "companyId", "createdAt")
SELECT "inboxId", "channelId", "contactId", "companyId", "createdAt" FROM "SlackChannelLink";

-- CopyData: a department had a channel only when both columns were set.
INSERT INTO "DepartmentChannel" ("departmentId", "inboxId", "externalId")
SELECT "id", "slackInboxId", "slackChannelId" FROM "Department"
WHERE "slackInboxId" IS NOT NULL AND "slackChannelId" IS NOT NULL;

-- DropForeignKey
ALTER TABLE "Department" DROP CONSTRAINT "Department_slackInboxId_fkey";

-- AlterTable
ALTER TABLE "Department" DROP COLUMN "slackChannelId",
DROP COLUMN "slackInboxId";

-- DropTable (its foreign keys go with it)
DROP TABLE "SlackChannelLink";
