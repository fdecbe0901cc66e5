// English strings of SLA countdowns and clocks on the conversation (spread into en-core.ts; the SLA and business-hours admin pages' strings are in en-admin.ts).
export const enSla = {
  "sla.target.first_response": "First response",
  "sla.target.next_response": "Next response",
  "sla.target.resolution": "Resolution",
  "sla.dueIn": "{target} due in {time}",
  "sla.overdue": "{target} overdue by {time}",
  "sla.paused": "SLA paused",
  "sla.breaches": "{count} SLA breach(es)",
  "event.slaWarning": "SLA {target} due soon",
  "event.slaBreached": "SLA {target} breached",
  "notify.kind.sla": "SLA alert",
  "hours.closed": "Closed now",
  "hours.closedUntil": "Closed now · opens {time}",
  "hours.open": "Open now",
  "hours.intervalsHelp":
    "One line per interval: day (1 = Monday … 7 = Sunday) and times, e.g. “1 09:00-12:00”. A lunch break is two lines.",
  "hours.holidaysHelp": "Dates when closed, one per line (2026-12-31).",
  "hours.save": "Save",
  "hours.delete": "Delete",
};
