import { useCallback, useEffect, useMemo, useRef, useState } from "react";

/**
 * The list's checked rows for bulk actions: toggle one, shift-extend a range from the last toggled
 * row (Gmail / Front), or all rows shown. It stays after an action, so the next one applies to the same
 * rows; a row that leaves the list (resolved out of the view, moved away) leaves the selection.
 */
export function useRowSelection<T extends { id: string }>(rows: T[]) {
  const [checked, setChecked] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<string | null>(null);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  const toggle = useCallback((index: number, range: boolean) => {
    const list = rowsRef.current;
    const row = list[index];
    if (!row) return;
    // Read before the update: React runs the updater later, after the anchor below has moved.
    const from = range && anchor.current ? list.findIndex((r) => r.id === anchor.current) : -1;
    const [a, b] = from >= 0 ? [Math.min(from, index), Math.max(from, index)] : [index, index];
    setChecked((prev) => {
      const next = new Set(prev);
      const on = !prev.has(row.id);
      for (let i = a; i <= b; i++) {
        if (on) next.add(list[i]!.id);
        else next.delete(list[i]!.id);
      }
      return next;
    });
    anchor.current = row.id;
  }, []);
  useEffect(() => {
    setChecked((prev) => {
      const shown = new Set(rows.map((r) => r.id));
      return [...prev].every((id) => shown.has(id)) ? prev : new Set([...prev].filter((id) => shown.has(id)));
    });
  }, [rows]);
  const clear = useCallback(() => setChecked(new Set()), []);

  const selectedRows = useMemo(() => rows.filter((r) => checked.has(r.id)), [rows, checked]);
  const all = rows.length > 0 && selectedRows.length === rows.length;
  const toggleAll = useCallback(() => setChecked(all ? new Set() : new Set(rowsRef.current.map((r) => r.id))), [all]);
  return {
    rows: selectedRows,
    has: (id: string) => checked.has(id),
    all,
    some: selectedRows.length > 0,
    toggle,
    toggleAll,
    clear,
  };
}
