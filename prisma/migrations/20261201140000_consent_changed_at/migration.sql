-- SMS STOP / START apply in the order they were received (issue 17, finding 10).

-- AlterTable
ALTER TABLE "ContactIdentity" ADD COLUMN     "consentChangedAt" TIMESTAMP(3);
