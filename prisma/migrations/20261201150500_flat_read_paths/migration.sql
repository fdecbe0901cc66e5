-- Flat read paths (issue 18): indexes in the order the keyset cursors read (createdAt DESC, id DESC),
-- and a customer's files found through their own index instead of a join over all their messages.

-- Cursor pages: the index order matches ORDER BY "createdAt" DESC, id DESC.
DROP INDEX "Message_contactId_createdAt_id_idx";
CREATE INDEX "Message_contactId_createdAt_id_idx" ON "Message"("contactId", "createdAt" DESC, "id" DESC);
DROP INDEX "Conversation_status_lastActivityAt_id_idx";
CREATE INDEX "Conversation_status_lastActivityAt_id_idx" ON "Conversation"("status", "lastActivityAt" DESC, "id" DESC);
CREATE INDEX "Notification_userId_createdAt_id_idx" ON "Notification"("userId", "createdAt" DESC, "id" DESC);
CREATE INDEX "Contact_createdAt_id_idx" ON "Contact"("createdAt" DESC, "id" DESC);

-- Attachment."contactId": the contact of the attachment's message.
ALTER TABLE "Attachment" ADD COLUMN "contactId" TEXT;
UPDATE "Attachment" a SET "contactId" = m."contactId" FROM "Message" m WHERE m."id" = a."messageId";
CREATE INDEX "Attachment_contactId_createdAt_id_idx" ON "Attachment"("contactId", "createdAt" DESC, "id" DESC);
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Kept by the database so no write path can forget it: an attachment takes its message's contact
-- whenever it is written (created with a message, claimed by one, or given another message), and
-- follows its message when the message moves to another contact (contact merges, identity links).
CREATE FUNCTION "attachment_contact"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."contactId" := (SELECT m."contactId" FROM "Message" m WHERE m."id" = NEW."messageId");
  RETURN NEW;
END
$$;
CREATE TRIGGER "Attachment_contactId" BEFORE INSERT OR UPDATE OF "messageId", "contactId" ON "Attachment"
  FOR EACH ROW EXECUTE FUNCTION "attachment_contact"();

CREATE FUNCTION "message_contact_to_attachments"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Attachment" SET "contactId" = NEW."contactId" WHERE "messageId" = NEW."id";
  RETURN NULL;
END
$$;
CREATE TRIGGER "Message_contactId_attachments" AFTER UPDATE OF "contactId" ON "Message"
  FOR EACH ROW WHEN (OLD."contactId" IS DISTINCT FROM NEW."contactId") EXECUTE FUNCTION "message_contact_to_attachments"();
