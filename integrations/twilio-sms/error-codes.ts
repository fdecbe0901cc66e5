/**
 * Human explanations of the Twilio error codes agents meet most, shown next to a failed message.
 * Our own wording; the code is always shown too so an admin can look it up in Twilio's console.
 */
const EXPLANATIONS: Record<number, string> = {
  20003: "Twilio rejected the account credentials. Check the Account SID and Auth Token of this inbox.",
  20429: "Twilio is rate limiting this account. The message will be retried.",
  21211: "The recipient's phone number is not a valid number.",
  21408: "This Twilio account is not allowed to send SMS to the recipient's country.",
  21606: "The sender number cannot send SMS. Check the inbox's phone number in Twilio.",
  21608: "Trial accounts can only send to verified numbers.",
  21610: "The recipient has opted out (replied STOP). They must reply START before they can be messaged again.",
  21612: "Twilio cannot route a message between this sender and this recipient.",
  21614: "The recipient's number is not a mobile number and cannot receive SMS.",
  21617: "The message is longer than Twilio's 1,600 character limit.",
  21660: "The sender number does not belong to this Twilio account.",
  30001: "Twilio's queue for this sender overflowed. Try again later.",
  30002: "The Twilio account is suspended.",
  30003: "The recipient's phone is switched off or out of coverage.",
  30004: "The message was blocked: the recipient blocks messages from this sender or its carrier filters it.",
  30005: "The recipient's number does not exist or is no longer in service.",
  30006: "The recipient's number is a landline or its carrier cannot receive SMS.",
  30007: "The carrier filtered the message as spam.",
  30008: "The carrier could not deliver the message for an unknown reason.",
  30009: "A part of the multi-part message was lost; the recipient may see it incomplete.",
  30010: "The message price exceeded the maximum price set for it.",
  30034: "The US sender number is not registered for A2P 10DLC messaging.",
};

export function explainTwilioError(code: number | string | undefined | null): string | undefined {
  if (code === undefined || code === null || code === "") return undefined;
  const n = typeof code === "number" ? code : Number.parseInt(code, 10);
  if (!Number.isFinite(n)) return undefined;
  return EXPLANATIONS[n] ?? `Twilio reported error ${n}.`;
}

/** "21610: The recipient has opted out…" — the form stored as a message's delivery error. */
export function describeTwilioError(code: number | string | undefined | null, fallback?: string): string | undefined {
  const explanation = explainTwilioError(code);
  if (!explanation) return fallback;
  return `${code}: ${explanation}`;
}
