-- Sanitised HTML above a threshold lives in the file store, the row keeps its hash (issue 17, finding 6).
ALTER TABLE "Message" ADD COLUMN "htmlSha256" TEXT;

CREATE INDEX "Message_htmlSha256_idx" ON "Message"("htmlSha256");
