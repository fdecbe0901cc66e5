import { data } from "react-router";

interface AppErrorLike {
  name: "AppError";
  status: number;
  message: string;
  code: string;
  details?: Record<string, unknown>;
}

// Duck-typed rather than `instanceof`: the route bundle and the server process may each hold
// their own copy of the AppError class.
export function isAppError(error: unknown): error is AppErrorLike {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "AppError" &&
    typeof (error as { status?: unknown }).status === "number"
  );
}

/** Loaders: an expected failure becomes an HTTP error response the error boundary can show. */
export async function orThrowResponse<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (isAppError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

export type ActionResult =
  | { ok: true; intent: string }
  | { ok: false; intent: string; error: string; code?: string; details?: Record<string, unknown> };

/** Actions: an expected failure is returned as a message to show next to the form. */
export async function actionResult(intent: string, run: () => Promise<unknown>) {
  return actionResultWith(intent, async () => {
    await run();
    return undefined;
  });
}

/** Same, handing the flow's answer to the form as `result` (a held reply's send time, an undone reply's text). */
export async function actionResultWith<T>(intent: string, run: () => Promise<T>) {
  try {
    const result = await run();
    return { ok: true as const, intent, ...(result === undefined ? {} : { result }) };
  } catch (error) {
    if (isAppError(error)) {
      // A stale reply carries the messages the agent has not seen yet, so the form can show them.
      const extra = error.code === "stale" ? { code: error.code, details: error.details } : {};
      return data({ ok: false, intent, error: error.message, ...extra } satisfies ActionResult, { status: error.status });
    }
    throw error;
  }
}
