/**
 * Segments, responses and resolutions of one conversation, derived from its report events in order
 * (issue 13; the definitions are in docs/metrics.md). Pure: the caller loads the events and adds
 * business time.
 *
 * - A segment opens with a customer message while none is open (the first one, or the first after a
 *   resolve: a reopen) and closes with a resolve (status resolved or closed).
 * - First response: the segment's first customer message → the first human public reply in it.
 * - Next response: every later customer message of the segment (after its first reply) → the next
 *   human public reply.
 * - Resolution: the segment's first customer message → its resolve.
 * Automated messages (bots, rules, auto-replies) are not in `events` (the caller leaves them out).
 */
export interface SegmentEvent {
  at: number;
  type: "message_in" | "message_out" | "status";
  status?: string;
  agentId: string | null;
  contactId: string | null;
  companyId: string | null;
  departmentId: string | null;
  inboxId: string | null;
  channel: string | null;
  assigneeId: string | null;
  tags: string[];
  businessHoursId: string | null;
}

export type SpanKind = "first_response" | "next_response" | "resolution";

export interface Span {
  kind: SpanKind;
  /** 1 for the first segment of the conversation, 2 after the first reopen, … */
  segment: number;
  startAt: number;
  endAt: number;
  /** The event that started the clock (its business hours apply) and the one that ended it (its agent, department … count). */
  start: SegmentEvent;
  end: SegmentEvent;
}

export interface SegmentOpening {
  segment: number;
  at: number;
  /** The customer message that opened it. */
  event: SegmentEvent;
}

const RESOLVED = new Set(["resolved", "closed"]);

export function deriveSegments(events: SegmentEvent[]): { openings: SegmentOpening[]; spans: Span[] } {
  const openings: SegmentOpening[] = [];
  const spans: Span[] = [];
  let open: { segment: number; first: SegmentEvent; replied: boolean; waiting: SegmentEvent[] } | null = null;
  let segment = 0;
  for (const e of events) {
    if (e.type === "message_in") {
      if (!open) {
        segment += 1;
        open = { segment, first: e, replied: false, waiting: [] };
        openings.push({ segment, at: e.at, event: e });
      } else if (open.replied) open.waiting.push(e);
    } else if (e.type === "message_out") {
      if (!open) continue;
      if (!open.replied) {
        spans.push({ kind: "first_response", segment: open.segment, startAt: open.first.at, endAt: e.at, start: open.first, end: e });
        open.replied = true;
      }
      for (const w of open.waiting)
        spans.push({ kind: "next_response", segment: open.segment, startAt: w.at, endAt: e.at, start: w, end: e });
      open.waiting = [];
    } else if (open && RESOLVED.has(e.status ?? "")) {
      spans.push({ kind: "resolution", segment: open.segment, startAt: open.first.at, endAt: e.at, start: open.first, end: e });
      open = null;
    }
  }
  return { openings, spans };
}
