/**
 * Slack sends message text as "mrkdwn": `&`, `<`, `>` escaped, and mentions / links in angle
 * brackets. Conversations store plain text, so turn those into what a reader would see.
 */
export function slackTextToPlain(text: string): string {
  return text
    .replace(/<([^<>]+)>/g, (_all, inner: string) => {
      const [target, label] = splitOnce(inner, "|");
      if (target.startsWith("@")) return label ? `@${label}` : target;
      if (target.startsWith("#")) return label ? `#${label}` : target;
      if (target.startsWith("!")) return `@${(label ?? target.slice(1)).replace(/^subteam\^\w+$/, "group")}`;
      if (target.startsWith("mailto:")) return label ?? target.slice("mailto:".length);
      return label && label !== target ? `${label} (${target})` : target;
    })
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Escape text written in Switchboard so Slack shows it literally (no accidental @channel). */
export function plainToSlackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i === -1 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
