/** Which way a change counts: more conversations is neutral, a longer response time is worse. */
export type Polarity = "higher-better" | "lower-better" | "neutral";

export interface Delta {
  direction: "up" | "down" | "same";
  /** Absolute difference, in the metric's unit. */
  difference: number;
  tone: "better" | "worse" | "neutral";
}

/** Null when either side has no value (nothing to compare with). */
export function compare(current: number | null, previous: number | null, polarity: Polarity): Delta | null {
  if (current === null || previous === null) return null;
  const difference = Math.abs(current - previous);
  // Floating noise (a rate computed two ways) is not a change.
  const direction = difference < 1e-9 ? "same" : current > previous ? "up" : "down";
  if (direction === "same" || polarity === "neutral") return { direction, difference, tone: "neutral" };
  const better = (direction === "up") === (polarity === "higher-better");
  return { direction, difference, tone: better ? "better" : "worse" };
}
