/**
 * What the customer panel, the customer page and the composer show about an identity: SMS opt-out,
 * and from mail (decision 013) a hard bounce ("undeliverable", with the MTA's reason) or a complaint.
 */
export const identityStateSelect = {
  id: true,
  kind: true,
  address: true,
  displayName: true,
  optedOutAt: true,
  undeliverableAt: true,
  undeliverableReason: true,
  complainedAt: true,
} as const;
