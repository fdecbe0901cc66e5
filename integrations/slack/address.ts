/** Slack user addresses are `TEAM:USER` ids (workspace + member, e.g. T024BE7LD:U0G9QF9C6). */
export function normalizeSlackAddress(raw: string): string | null {
  const m = /^\s*([TE][A-Z0-9]{2,}):([UW][A-Z0-9]{2,})\s*$/i.exec(raw);
  return m ? `${m[1]!.toUpperCase()}:${m[2]!.toUpperCase()}` : null;
}
