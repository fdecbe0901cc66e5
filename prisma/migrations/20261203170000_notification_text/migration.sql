-- What a notification says as a message and its parameters (common/notification-text.ts), so that the
-- UI words it in the reader's language; existing rows keep their English title only.
ALTER TABLE "Notification" ADD COLUMN "meta" JSONB NOT NULL DEFAULT '{}';
