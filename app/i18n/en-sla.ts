// English strings of SLA countdowns and clocks on the conversation (spread into en-core.ts; the SLA and business-hours admin pages' strings are in en-admin.ts).
export const enSla = {
  "sla.target.first_response": "First response",
  "sla.target.next_response": "Next response",
  "sla.target.resolution": "Resolution",
  "sla.dueIn": "{target} due in {time}",
  "sla.overdue": "{target} overdue by {time}",
  "sla.paused": "SLA paused",
  "event.slaWarning": "SLA {target} due soon",
  "event.slaBreached": "SLA {target} breached",
  "notify.kind.sla": "SLA alert",
  "hours.closed": "Closed now",
  "hours.closedUntil": "Closed now · opens {time}",
};
