import { afterEach, beforeEach, expect } from "vitest";

/**
 * `console.error` during a test is a failure unless the test says it expects one
 * (`expectConsoleErrors()`): errors nobody looks at are how bugs hide in green runs.
 */
let errors: unknown[][] = [];
let allowed = false;
const original = console.error;

export function expectConsoleErrors() {
  allowed = true;
}

beforeEach(() => {
  errors = [];
  allowed = false;
  console.error = (...args: unknown[]) => {
    errors.push(args);
    original(...args);
  };
});

afterEach(() => {
  console.error = original;
  if (!allowed)
    expect(
      errors.map((e) => e.map(String).join(" ")),
      "unexpected console.error",
    ).toEqual([]);
});
