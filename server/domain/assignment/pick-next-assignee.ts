/** One agent auto-assignment may choose: online, with their current open + pending load. */
export interface Candidate {
  id: string;
  capacity: number;
  load: number;
}

/**
 * Round-robin over candidates ordered by id, starting after the department's pointer (the last
 * agent given a conversation), skipping anyone at capacity. Null when nobody has room.
 */
export function pickNextAssignee(candidates: Candidate[], pointer: string | null): Candidate | null {
  const open = candidates.filter((c) => c.load < c.capacity).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (open.length === 0) return null;
  return (pointer ? open.find((c) => c.id > pointer) : undefined) ?? open[0]!;
}
