-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "attributes" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "attributes" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "AttributeDefinition" (
    "id" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "labelJa" TEXT,
    "type" TEXT NOT NULL,
    "options" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "required" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttributeDefinition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttributeDepartment" (
    "attributeId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,

    CONSTRAINT "AttributeDepartment_pkey" PRIMARY KEY ("attributeId","departmentId")
);

-- CreateIndex
CREATE UNIQUE INDEX "AttributeDefinition_entity_key_key" ON "AttributeDefinition"("entity", "key");

-- CreateIndex
CREATE INDEX "AttributeDepartment_departmentId_idx" ON "AttributeDepartment"("departmentId");

-- AddForeignKey
ALTER TABLE "AttributeDepartment" ADD CONSTRAINT "AttributeDepartment_attributeId_fkey" FOREIGN KEY ("attributeId") REFERENCES "AttributeDefinition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttributeDepartment" ADD CONSTRAINT "AttributeDepartment_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE ON UPDATE CASCADE;
