import { slackTextToPlain } from "./mrkdwn.ts";

/** A file as Slack describes it in a message event (only what the download job needs). */
export interface SlackFileRef {
  id: string;
  name: string;
  mimetype: string;
  url: string;
}

export type ParsedSlackEvent =
  | {
      kind: "message";
      channel: string;
      ts: string;
      /** Set for replies in a thread (absent or equal to ts for a top-level message). */
      threadTs?: string;
      user: string;
      team: string;
      text: string;
      files: SlackFileRef[];
    }
  | { kind: "edited"; channel: string; ts: string; text: string; editedTs?: string }
  | { kind: "deleted"; channel: string; ts: string }
  | { kind: "ignored"; reason: string };

/** Subtypes that are a person writing; everything else (joins, topic changes…) is channel noise. */
const PERSON_SUBTYPES = new Set([undefined, "file_share", "thread_broadcast"]);

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const obj = (v: unknown): Json | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined);

/**
 * Turns an Events API `event_callback` envelope into what Switchboard acts on. Messages written by
 * bots — ours included, identified by bot_id, the bot_message subtype or the bot's user id from
 * auth.test — are ignored so a reply we post never comes back as a customer message (no loops).
 */
export function parseSlackEvent(envelope: Json, botUserId: string | undefined): ParsedSlackEvent {
  const event = obj(envelope.event);
  if (!event) return { kind: "ignored", reason: "no event" };
  if (event.type !== "message") return { kind: "ignored", reason: `event type ${String(event.type)}` };
  const channel = str(event.channel);
  if (!channel) return { kind: "ignored", reason: "message without channel" };
  const subtype = str(event.subtype);

  if (subtype === "message_changed") {
    const message = obj(event.message);
    const ts = str(message?.ts);
    if (!message || !ts) return { kind: "ignored", reason: "message_changed without message" };
    if (isFromBot(message, botUserId)) return { kind: "ignored", reason: "edit of a bot message" };
    // Unfurls also arrive as message_changed with the same text; only a real edit carries `edited`.
    const edited = obj(message.edited);
    if (!edited) return { kind: "ignored", reason: "message_changed without an edit (unfurl)" };
    return { kind: "edited", channel, ts, text: slackTextToPlain(str(message.text) ?? ""), editedTs: str(edited.ts) };
  }
  if (subtype === "message_deleted") {
    const ts = str(event.deleted_ts) ?? str(obj(event.previous_message)?.ts);
    if (!ts) return { kind: "ignored", reason: "message_deleted without deleted_ts" };
    if (obj(event.previous_message) && isFromBot(obj(event.previous_message)!, botUserId)) {
      return { kind: "ignored", reason: "deletion of a bot message" };
    }
    return { kind: "deleted", channel, ts };
  }
  if (isFromBot(event, botUserId)) return { kind: "ignored", reason: "bot message" };
  if (!PERSON_SUBTYPES.has(subtype)) return { kind: "ignored", reason: `subtype ${subtype}` };

  const ts = str(event.ts);
  const user = str(event.user);
  // Slack Connect: user_team is the writer's own workspace, team the one the event is about.
  const team = str(event.user_team) ?? str(event.team) ?? str(envelope.team_id);
  if (!ts || !user || !team) return { kind: "ignored", reason: "message without ts, user or team" };
  const threadTs = str(event.thread_ts);
  return {
    kind: "message",
    channel,
    ts,
    threadTs: threadTs && threadTs !== ts ? threadTs : undefined,
    user,
    team,
    text: slackTextToPlain(str(event.text) ?? ""),
    files: parseFiles(event.files),
  };
}

function isFromBot(message: Json, botUserId: string | undefined): boolean {
  if (str(message.bot_id) || message.subtype === "bot_message") return true;
  return botUserId !== undefined && message.user === botUserId;
}

function parseFiles(files: unknown): SlackFileRef[] {
  if (!Array.isArray(files)) return [];
  const out: SlackFileRef[] = [];
  for (const raw of files) {
    const f = obj(raw);
    // Files hidden by the free plan's limit or deleted have no download URL: nothing to fetch.
    const url = str(f?.url_private_download) ?? str(f?.url_private);
    const id = str(f?.id);
    if (!f || !url || !id) continue;
    out.push({ id, url, name: str(f.name) ?? str(f.title) ?? id, mimetype: str(f.mimetype) ?? "application/octet-stream" });
  }
  return out;
}
