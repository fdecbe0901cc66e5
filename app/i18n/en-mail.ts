// English strings of machine mail on the timeline and contacts (spread into en.ts; docs/decisions/013-mail-classification.md).
export const enMail = {
  "mail.automated": "Automated",
  "mail.automatedTitle": "An automatic reply (out of office, vacation notice…): it does not reopen the ticket or reset its SLA.",
  "delivery.delayed": "Delayed",
  "mail.delayedNote": "The recipient's server has not delivered this yet and is still retrying: {reason}",
  "mail.undeliverable": "undeliverable",
  "mail.undeliverableTitle": "Mail to this address bounced: {reason}",
  "mail.complained": "complained",
  "mail.complainedTitle": "This person reported our mail as spam; surveys and other marketing mail skip them.",
  "mail.warnUndeliverable":
    "Mail to {address} bounced as undeliverable ({reason}). This reply will probably bounce too: check the address with the customer another way.",
  "mail.warnComplained": "{address} reported our mail as spam. Send only what they asked for.",
  "mail.relatedTo": "Related to",
  "mail.forwardedIn": "Forwarded by a third party in",
  "timeline.newerMessages": "Newer messages follow: show the newest",
};
