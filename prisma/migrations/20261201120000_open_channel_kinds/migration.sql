-- Channel and identity kinds become text: the channel registry (server/channels/registry.ts) is the
-- list, so adding a channel needs no enum change (docs/decisions/005-channel-descriptors.md).
-- Changing a column's type rebuilds the indexes on it ("ContactIdentity_kind_address_key" stays unique).
ALTER TABLE "ContactIdentity" ALTER COLUMN "kind" TYPE TEXT USING "kind"::text;
ALTER TABLE "Inbox" ALTER COLUMN "kind" TYPE TEXT USING "kind"::text;
ALTER TABLE "Message" ALTER COLUMN "channel" TYPE TEXT USING "channel"::text;

DROP TYPE "ChannelKind";
DROP TYPE "IdentityKind";
