-- CreateEnum
CREATE TYPE "ListDensity" AS ENUM ('comfortable', 'compact');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "listDensity" "ListDensity" NOT NULL DEFAULT 'comfortable';
