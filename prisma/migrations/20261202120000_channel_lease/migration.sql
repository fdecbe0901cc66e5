-- One holder per channel resource across nodes (an IMAP mailbox's poller): claimed while expired, renewed by its holder.
CREATE TABLE "ChannelLease" (
    "key" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acquiredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelLease_pkey" PRIMARY KEY ("key")
);
