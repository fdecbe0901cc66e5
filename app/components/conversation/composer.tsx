import { forwardRef, lazy, Suspense, useEffect, useImperativeHandle, useRef, useState } from "react";
import { useFetcher } from "react-router";
import type { ChannelKind, RealtimeMessage } from "~/common/realtime-contract.ts";
import type { OutboundReadiness } from "~/common/vocabulary.ts";
import { useT } from "~/app/i18n/index.ts";
import { useChannel, useLocalized } from "~/app/lib/channels.tsx";
import { useSocket } from "~/app/realtime/socket-provider.tsx";
import { PaperclipIcon } from "~/app/components/icons.tsx";
import { useUploads } from "./uploads.tsx";
import { CannedPicker } from "./canned-picker.tsx";
import { useCannedOptions, useCannedRender } from "./canned-responses.ts";
import { useDraftAutosave } from "./use-draft-autosave.ts";
import {
  markupOf,
  mentionsToMarkup,
  mentionsToPlain,
  useMentionOptions,
  type MentionOption,
  type PickedMentions,
} from "./mention-picker.tsx";
import { triggerQuery, type InlineOption } from "./inline-trigger.ts";
import { useToast } from "~/app/components/toast/toast-provider.tsx";
import { cancelHeldReply, REPLY_RESTORED, type RestoredReply } from "~/app/components/toast/undo-requests.ts";

// Shown only while an @ or / is being typed, under an SMS reply and once a file is attached: their code loads then.
// (lazy() drops the picker's type parameter: the cast gives it back.)
const InlinePicker = lazy(() =>
  import("./inline-picker.tsx").then((m) => ({ default: m.InlinePicker })),
) as unknown as typeof import("./inline-picker.tsx").InlinePicker;
const SmsCounter = lazy(() => import("./sms-counter.tsx").then((m) => ({ default: m.SmsCounter })));
const UploadChips = lazy(() => import("./upload-chips.tsx").then((m) => ({ default: m.UploadChips })));

export type ComposerMode = "reply" | "note";
export interface ComposerHandle {
  focus(mode: ComposerMode): void;
}

interface Props {
  conversationId: string;
  channel: ChannelKind;
  contactName: string;
  canReply: boolean;
  optedOut: boolean;
  /** The customer's addresses on this channel that bounced as undeliverable or complained (decision 013). */
  recipientWarnings?: { address: string; undeliverableReason: string | null; undeliverable: boolean; complained: boolean }[];
  /** The agent's saved drafts for this conversation. */
  drafts: { reply: string; note: string };
  /** Whether the inbox can send replies (warned about before the agent writes one). */
  outbound: OutboundReadiness;
  /** Newest message on screen: what the agent had seen when they started writing. */
  latestMessageId?: string;
}

type NewMessage = Pick<RealtimeMessage, "id" | "text" | "author">;
type Result =
  | { ok: true; intent: string; result?: { messageId?: string; sendAt?: string | null } }
  | { ok: false; intent: string; error: string; code?: string; details?: { newMessages?: NewMessage[] } };

export const Composer = forwardRef<ComposerHandle, Props>(function Composer(props, ref) {
  const t = useT();
  const fetcher = useFetcher<Result>();
  const channel = useChannel(props.channel);
  const localized = useLocalized();
  const { socket } = useSocket();
  const [mode, setMode] = useState<ComposerMode>(props.canReply && (props.drafts.reply || !props.drafts.note) ? "reply" : "note");
  // Picked mentions show as plain "@Maya Chen"; drafts and sent notes carry the markup (common/mentions.ts).
  const picked = useRef<PickedMentions>(new Map());
  const [texts, setTexts] = useState<Record<ComposerMode, string>>(() => ({
    reply: props.drafts.reply,
    note: mentionsToPlain(props.drafts.note, picked.current),
  }));
  useDraftAutosave(props.conversationId, "reply", texts.reply);
  useDraftAutosave(props.conversationId, "note", mentionsToMarkup(texts.note, picked.current));
  const textarea = useRef<HTMLTextAreaElement>(null);
  const uploads = useUploads();
  const restoreFiles = useRef(uploads.restore);
  restoreFiles.current = uploads.restore;
  const toast = useToast();
  const typingSent = useRef(0);
  // "@name" (notes) or "/shortcut" (both) being typed before the caret opens an inline picker.
  const [trigger, setTrigger] = useState<{ sigil: "@" | "/"; query: string; start: number } | null>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const mentionOptions = useMentionOptions(mode === "note" && trigger?.sigil === "@" ? trigger.query : null);
  const canned = useCannedOptions(trigger?.sigil === "/" ? trigger.query : null);
  const options: InlineOption<MentionOption | { id: string }>[] = trigger?.sigil === "/" ? canned.options : mentionOptions;
  const active = Math.max(0, Math.min(activeIndex, options.length - 1));
  // Stale-reply guard: remember the newest message when the reply was started; the server refuses
  // the send if a customer message or a colleague's reply came after it, until the agent has looked.
  const latest = useRef(props.latestMessageId);
  latest.current = props.latestMessageId;
  const seen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!texts.reply) seen.current = undefined;
    else seen.current ??= latest.current;
  }, [texts.reply]);

  /** Replaces [start, end) of one mode's text and puts the caret after the inserted text. */
  const replaceRange = (target: ComposerMode, start: number, end: number, inserted: string) => {
    const el = textarea.current;
    const current = texts[target];
    const next = current.slice(0, start) + inserted + current.slice(end);
    // Put the text and caret in place now, not on the next frame: a key typed right after picking
    // would otherwise land at the end of the box. React then finds the same value and leaves the caret.
    if (el && target === mode) {
      el.value = next;
      el.focus();
      el.setSelectionRange(start + inserted.length, start + inserted.length);
    }
    setTexts((prev) => ({ ...prev, [target]: next }));
  };
  const renderCanned = useCannedRender(props.conversationId, (snippet, target) => {
    const at = target as { mode: ComposerMode; start: number; end: number };
    replaceRange(at.mode, at.start, at.end, snippet);
  });
  const pick = (o: InlineOption<MentionOption | { id: string }>) => {
    const el = textarea.current;
    if (!el || !trigger) return;
    const caret = el.selectionStart;
    if (trigger.sigil === "@") {
      const m = o.value as MentionOption;
      picked.current.set(`@${m.name}`, markupOf(m));
      replaceRange(mode, trigger.start, caret, `@${m.name} `);
    } else {
      renderCanned(o.value.id, { mode, start: trigger.start, end: caret });
    }
    setTrigger(null);
  };
  /** The canned menu inserts at the caret, a space apart from the word before it. */
  const insertAtCaret = (snippet: string) => {
    const at = textarea.current?.selectionStart ?? text.length;
    const spaced = at > 0 && !/\s/.test(text[at - 1]!) ? ` ${snippet}` : snippet;
    replaceRange(mode, at, at, spaced);
  };

  useImperativeHandle(ref, () => ({
    focus(next) {
      setMode(next === "reply" && !props.canReply ? "note" : next);
      requestAnimationFrame(() => textarea.current?.focus());
    },
  }));

  // Clear the box only once the server accepted the message; on error the text stays.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs per finished submission; uploads is a new object every render
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data?.ok) return;
    const sent = fetcher.data.intent as ComposerMode;
    setTexts((prev) => ({ ...prev, [sent]: "" }));
    if (sent === "reply") uploads.clear();
    // A held reply (decision 027): its undo window is the toast's life.
    const held = fetcher.data.result;
    if (sent === "reply" && held?.messageId && held.sendAt) {
      const messageId = held.messageId;
      toast({
        message: (seconds) => t("undo.sendingIn", { seconds }),
        durationMs: new Date(held.sendAt).getTime() - Date.now(),
        undo: () => cancelHeldReply(props.conversationId, messageId),
      });
    }
  }, [fetcher.state, fetcher.data]);

  // An undone reply comes back here: its text (before whatever was typed since) and its files.
  useEffect(() => {
    const onRestored = (e: Event) => {
      const detail = (e as CustomEvent<RestoredReply>).detail;
      if (detail.conversationId !== props.conversationId) return;
      detail.handled = true;
      setMode("reply");
      setTexts((prev) => ({ ...prev, reply: prev.reply ? `${detail.text}\n${prev.reply}` : detail.text }));
      restoreFiles.current(detail.attachments);
      requestAnimationFrame(() => textarea.current?.focus());
    };
    window.addEventListener(REPLY_RESTORED, onRestored);
    return () => window.removeEventListener(REPLY_RESTORED, onRestored);
  }, [props.conversationId]);

  const text = texts[mode];
  const sending = fetcher.state !== "idle";
  const blocked = mode === "reply" && (!props.canReply || props.optedOut);
  const canSend = !sending && !blocked && !uploads.busy && (text.trim().length > 0 || (mode === "reply" && uploads.done.length > 0));

  const setTyping = (typing: boolean) => {
    if (!socket?.connected) return;
    const now = Date.now();
    if (typing && now - typingSent.current < 3000) return;
    typingSent.current = typing ? now : 0;
    socket.emit("typing:set", { conversationId: props.conversationId, kind: mode, typing }, () => {});
  };

  const send = (force = false) => {
    if (!canSend) return;
    const form = new FormData();
    form.set("intent", mode);
    form.set("text", mode === "note" ? mentionsToMarkup(text, picked.current) : text);
    if (mode === "reply" && seen.current) form.set("seenMessageId", seen.current);
    if (mode === "reply" && force) form.set("force", "true");
    if (mode === "reply") for (const a of uploads.done) form.append("attachmentIds", a.id);
    fetcher.submit(form, { method: "post" });
    setTyping(false);
  };

  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  const stale = failed?.code === "stale" && failed.intent === mode ? (failed.details?.newMessages ?? []) : null;
  const error = failed && !stale ? failed.error : null;
  // What the agent is shown now counts as seen: a plain send after reading goes through.
  useEffect(() => {
    if (stale?.length) seen.current = stale[stale.length - 1]!.id;
  }, [stale]);

  return (
    <div className={`composer${mode === "note" ? " note-mode" : ""}`} style={{ position: "relative" }}>
      <div className="composer-tabs" role="tablist">
        {props.canReply ? (
          <button type="button" role="tab" className="composer-tab" aria-selected={mode === "reply"} onClick={() => setMode("reply")}>
            {t("conversation.reply")} <kbd>r</kbd>
          </button>
        ) : null}
        <button type="button" role="tab" className="composer-tab" aria-selected={mode === "note"} onClick={() => setMode("note")}>
          {t("conversation.note")} <kbd>n</kbd>
        </button>
      </div>
      {!props.canReply ? <div className="alert info composer-notice">{t("conversation.viewerCannotReply")}</div> : null}
      {mode === "reply" && props.optedOut && channel?.strings.optedOut ? (
        <div className="alert error composer-notice">{localized(channel.strings.optedOut)}</div>
      ) : null}
      {mode === "reply" && props.canReply
        ? props.recipientWarnings?.map((w) => (
            <div key={w.address} className="alert warning composer-notice recipient-notice" role="note">
              {w.undeliverable
                ? t("mail.warnUndeliverable", { address: w.address, reason: w.undeliverableReason ?? "" })
                : t("mail.warnComplained", { address: w.address })}
            </div>
          ))
        : null}
      {mode === "reply" && props.canReply && props.outbound === "unconfigured" ? (
        <div className="alert error composer-notice outbound-notice">{t("conversation.outboundUnconfigured")}</div>
      ) : null}
      {mode === "reply" && props.canReply && props.outbound === "capture" ? (
        <div className="alert info composer-notice outbound-notice">{t("conversation.outboundCapture")}</div>
      ) : null}
      {error ? (
        <div className="alert error composer-notice" role="alert">
          {error}
        </div>
      ) : null}
      {stale ? (
        <div className="alert info composer-notice stale-notice" role="alert">
          <p>{t("conversation.staleTitle")}</p>
          <ul className="plain-list">
            {stale.map((m) => (
              <li key={m.id} className="stale-message">
                {m.author ? <strong>{m.author.name}: </strong> : null}
                {m.text.length > 200 ? `${m.text.slice(0, 200)}…` : m.text}
              </li>
            ))}
          </ul>
          <button type="button" className="button small primary" disabled={!canSend} onClick={() => send(true)}>
            {t("conversation.sendAnyway")}
          </button>
        </div>
      ) : null}
      <textarea
        ref={textarea}
        name="text"
        value={text}
        aria-label={mode === "reply" ? t("conversation.reply") : t("conversation.note")}
        placeholder={mode === "reply" ? t("conversation.replyPlaceholder", { name: props.contactName }) : t("conversation.notePlaceholder")}
        onChange={(e) => {
          const value = e.target.value;
          setTexts((prev) => ({ ...prev, [mode]: value }));
          setTyping(value.length > 0);
          const caret = e.target.selectionStart;
          const mention = mode === "note" ? triggerQuery(value, caret, "@") : null;
          const slash = triggerQuery(value, caret, "/");
          setTrigger(mention ? { sigil: "@", ...mention } : slash ? { sigil: "/", ...slash } : null);
          setActiveIndex(0);
        }}
        onBlur={() => {
          setTyping(false);
          setTrigger(null);
        }}
        onKeyDown={(e) => {
          if (trigger && !e.nativeEvent.isComposing) {
            if (e.key === "Escape") {
              e.preventDefault();
              setTrigger(null);
              return;
            }
            const send = e.key === "Enter" && (e.ctrlKey || e.metaKey);
            if (options.length) {
              if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                const n = options.length;
                setActiveIndex((i) => (i + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
                return;
              }
              // Ctrl+Enter on an open "/" picker picks too: "/sh" must never reach the customer.
              if (e.key === "Enter" || e.key === "Tab") {
                if (!send || trigger.sigil === "/") {
                  e.preventDefault();
                  pick(options[active]!);
                  return;
                }
              }
            } else if (send && trigger.sigil === "/") {
              // Nothing matches: the hint says Esc sends the text as it is.
              e.preventDefault();
              return;
            }
          }
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          } else if (e.key === "Escape") {
            e.currentTarget.blur();
          }
        }}
      />
      {trigger ? (
        <Suspense fallback={null}>
          <InlinePicker
            options={options}
            active={active}
            onPick={pick}
            label={trigger.sigil === "/" ? t("conversation.canned") : t("conversation.mentionPicker")}
            empty={trigger.sigil === "/" && canned.loaded ? t("conversation.cannedNoMatch", { query: trigger.query }) : null}
          />
        </Suspense>
      ) : null}
      {uploads.items.length ? (
        <Suspense fallback={null}>
          <UploadChips items={uploads.items} onRemove={uploads.remove} />
        </Suspense>
      ) : null}
      <div className="composer-footer">
        {mode === "reply" && props.canReply ? (
          <label className="button ghost small" title={t("conversation.attach")}>
            <PaperclipIcon className="channel-icon" />
            <span className="visually-hidden">{t("conversation.attach")}</span>
            <input
              type="file"
              multiple
              hidden
              onChange={(e) => {
                uploads.add([...(e.target.files ?? [])]);
                e.target.value = "";
              }}
            />
          </label>
        ) : null}
        <CannedPicker conversationId={props.conversationId} onInsert={insertAtCaret} />
        <span className="hint">
          {mode === "reply" && channel?.capabilities.smsSegments ? (
            <Suspense fallback={null}>
              <SmsCounter text={text} />
            </Suspense>
          ) : (
            t("conversation.sendHint")
          )}
        </span>
        <button
          type="button"
          className={`button ${mode === "note" ? "note-button" : "primary"}`}
          disabled={!canSend}
          onClick={() => send()}
        >
          {sending ? t("conversation.sending") : mode === "note" ? t("conversation.addNote") : t("conversation.send")}
        </button>
      </div>
    </div>
  );
});
