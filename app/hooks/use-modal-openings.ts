import { type RefObject, useEffect } from "react";

/**
 * For a dialog whose code loads on its first opening and that stays mounted after it: the opener counts
 * its openings (`opens`, from 1), and each new count runs `reset` (the dialog's state as it should be
 * on opening, read from that render) and shows the dialog as a modal.
 */
export function useModalOpenings(dialog: RefObject<HTMLDialogElement | null>, opens: number, reset?: () => void) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new opening (opens) acts; reset is read as it is then
  useEffect(() => {
    reset?.();
    dialog.current?.showModal();
  }, [opens]);
}
