-- AlterTable
ALTER TABLE "AutomationRule" ADD COLUMN     "businessHoursOnly" BOOLEAN NOT NULL DEFAULT false;
