/** Snooze presets in the agent's own time zone (the browser's): tomorrow 9:00, or a week from now. */
export const SNOOZE_PRESETS = ["tomorrow", "week"] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

export function snoozePresetTime(preset: SnoozePreset, now = new Date()): Date {
  if (preset === "week") return new Date(now.getTime() + 7 * 24 * 60 * 60 * 1000);
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return d;
}
