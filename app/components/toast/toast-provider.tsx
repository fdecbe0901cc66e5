import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import { useT } from "~/app/i18n/index.ts";
import { useHotkeys } from "~/app/hooks/use-hotkeys.ts";

export interface ToastInput {
  /** What happened ("Resolved", "Sending in 5 s"); a function gets the seconds left, for a countdown. */
  message: string | ((secondsLeft: number) => string);
  /** Puts things back; a thrown Error's message is shown in the toast. */
  undo?: () => Promise<void>;
  /** How long the toast (and its Undo) stays; for a held reply, until its send time. */
  durationMs?: number;
}
interface Toast extends ToastInput {
  id: number;
  until: number;
}
type Show = (toast: ToastInput) => void;

const ToastContext = createContext<Show>(() => {});
export const useToast = () => useContext(ToastContext);

const DEFAULT_MS = 6000;
const isTextField = (el: Element | null) =>
  el instanceof HTMLElement && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);

/**
 * One toast at a time for the whole app (issue 10): "Resolved · Undo". It lives above the routes, so a
 * change that moves the agent to the next conversation keeps its Undo. Reachable by keyboard (the
 * button, `z`, or Ctrl+Z outside a text field) and announced through a polite live region.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const t = useT();
  const [toast, setToast] = useState<Toast | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const seq = useRef(0);

  const show = useCallback<Show>((input) => {
    const at = Date.now();
    seq.current += 1;
    setNow(at);
    setState({ busy: false, error: null });
    setToast({ ...input, id: seq.current, until: at + (input.durationMs ?? DEFAULT_MS) });
  }, []);

  useEffect(() => {
    if (!toast) return;
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      // A failed Undo stays a little longer so its message can be read.
      if (at >= toast.until) setToast((cur) => (cur?.id === toast.id ? null : cur));
    }, 250);
    return () => clearInterval(timer);
  }, [toast]);

  const undo = async () => {
    if (!toast?.undo || state.busy) return;
    const id = toast.id;
    setState({ busy: true, error: null });
    try {
      await toast.undo();
      setToast((cur) => (cur?.id === id ? null : cur));
      setState({ busy: false, error: null });
    } catch (err) {
      setState({ busy: false, error: (err as Error).message });
      setToast((cur) => (cur?.id === id ? { ...cur, undo: undefined, until: Date.now() + DEFAULT_MS } : cur));
    }
  };
  useHotkeys({ z: () => void undo() }, Boolean(toast?.undo));
  useEffect(() => {
    if (!toast?.undo) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== "z" || !(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey) return;
      if (isTextField(document.activeElement)) return;
      e.preventDefault();
      void undoRef.current();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [toast]);
  const undoRef = useRef(undo);
  undoRef.current = undo;

  const secondsLeft = toast ? Math.max(0, Math.ceil((toast.until - now) / 1000)) : 0;
  const text = toast ? (typeof toast.message === "function" ? toast.message(secondsLeft) : toast.message) : "";
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="toast-region" role="status" aria-live="polite">
        {toast ? (
          <div className="toast" data-toast-id={toast.id}>
            <span className="toast-text">{state.error ?? text}</span>
            {toast.undo ? (
              <button type="button" className="button small toast-undo" disabled={state.busy} onClick={() => void undo()}>
                {t("undo.action")} <kbd>z</kbd>
              </button>
            ) : null}
            <button type="button" className="button ghost small" aria-label={t("undo.dismiss")} onClick={() => setToast(null)}>
              ×
            </button>
          </div>
        ) : null}
      </div>
    </ToastContext.Provider>
  );
}
