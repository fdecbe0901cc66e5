-- Large raw payloads (mail) live in file storage; the row keeps their hash (issue 17, finding 1).

-- AlterTable
ALTER TABLE "InboundEvent" ALTER COLUMN "payload" DROP NOT NULL,
ADD COLUMN     "payloadSha256" TEXT;
