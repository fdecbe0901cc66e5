/**
 * Carrier opt-out keywords. Twilio handles these itself on long codes (it blocks further messages and
 * answers), and reports error 21610 if we send anyway; Switchboard mirrors the state on the identity so
 * agents see it and replies are refused before reaching Twilio.
 *
 * A keyword only counts when it is the whole message ("Stop", " stop. "), as Twilio matches it; a
 * sentence that merely contains "stop" is an ordinary message.
 */
export type SmsKeyword = "stop" | "start" | "help";

const KEYWORDS: Record<string, SmsKeyword> = {
  STOP: "stop",
  STOPALL: "stop",
  UNSUBSCRIBE: "stop",
  CANCEL: "stop",
  END: "stop",
  QUIT: "stop",
  START: "start",
  YES: "start",
  UNSTOP: "start",
  HELP: "help",
  INFO: "help",
};

export function detectKeyword(body: string): SmsKeyword | null {
  // NFKC folds full-width letters (ＳＴＯＰ from a Japanese keyboard) to ASCII.
  const word = body
    .normalize("NFKC")
    .trim()
    .replace(/[\s.!。！]+$/u, "")
    .toUpperCase();
  return KEYWORDS[word] ?? null;
}
