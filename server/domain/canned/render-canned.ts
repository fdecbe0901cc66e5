/** Variables a canned response may use; unknown ones are left as written so the agent notices. */
export interface CannedVariables {
  contact: { name: string; firstName: string };
  agent: { name: string; firstName: string };
  conversation: { number: number; subject: string };
}

const VARIABLE = /\{\{\s*(contact|agent|conversation)\.(\w+)\s*\}\}/g;

export function renderCanned(body: string, vars: CannedVariables): string {
  return body.replace(VARIABLE, (whole, scope: keyof CannedVariables, key: string) => {
    const value = (vars[scope] as Record<string, unknown>)[key];
    return value === undefined || value === null ? whole : String(value);
  });
}

/** First name for greetings; Japanese names (no space) stay whole. */
export const firstNameOf = (name: string) => name.trim().split(/\s+/)[0] ?? name;
