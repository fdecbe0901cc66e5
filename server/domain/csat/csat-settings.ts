import { z } from "zod";

export const DEFAULT_QUIET_PERIOD_DAYS = 7;

/** The `csat` block of PATCH /api/v1/inboxes/:id and PATCH /api/v1/departments/:id (issue 12). */
export const csatSettingsInput = z
  .object({
    enabled: z.boolean(),
    /** At most one survey per conversation within this many days ("thanks!" after a resolve brings none). */
    quietPeriodDays: z.number().int().min(1).max(365),
  })
  .partial()
  .strict();
export type CsatSettingsInput = z.infer<typeof csatSettingsInput>;

export interface CsatSettings {
  enabled: boolean;
  quietPeriodDays: number;
}

interface CsatColumns {
  csatEnabled: boolean;
  csatQuietPeriodDays: number;
}

export const csatColumnsSelect = { csatEnabled: true, csatQuietPeriodDays: true } as const;

export const toCsatSettings = (row: CsatColumns): CsatSettings => ({ enabled: row.csatEnabled, quietPeriodDays: row.csatQuietPeriodDays });

/** The columns an update writes. */
export function csatColumns(input: CsatSettingsInput | undefined): Partial<CsatColumns> {
  if (!input) return {};
  return {
    ...(input.enabled !== undefined ? { csatEnabled: input.enabled } : {}),
    ...(input.quietPeriodDays !== undefined ? { csatQuietPeriodDays: input.quietPeriodDays } : {}),
  };
}

/**
 * Whether a conversation's resolve sends a survey, and its quiet period: the department's setting when
 * the department has surveys on, else the inbox's (decision 020). Either one enabled is enough.
 */
export function effectiveCsatSettings(inbox: CsatColumns, department: CsatColumns | null): CsatSettings {
  if (department?.csatEnabled) return toCsatSettings(department);
  if (inbox.csatEnabled) return toCsatSettings(inbox);
  return { enabled: false, quietPeriodDays: department?.csatQuietPeriodDays ?? inbox.csatQuietPeriodDays };
}
