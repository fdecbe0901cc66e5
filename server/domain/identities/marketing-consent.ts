/**
 * Whether marketing-type mail (CSAT surveys, announcements) may go to an identity: not to someone who
 * opted out (of messages, or of surveys with one-click unsubscribe), marked our mail as spam (ARF,
 * decision 013), or whose address hard-bounced. Replies to a person's own ticket are not marketing
 * and are not gated by this.
 */
export function canSendMarketing(identity: {
  optedOutAt: Date | null;
  complainedAt: Date | null;
  undeliverableAt: Date | null;
  surveysOptedOutAt?: Date | null;
}): boolean {
  return !identity.optedOutAt && !identity.complainedAt && !identity.undeliverableAt && !identity.surveysOptedOutAt;
}
