import { useState } from "react";

export interface Upload {
  key: string;
  name: string;
  size: number;
  state: "uploading" | "done" | "failed";
  id?: string;
  error?: string;
}

async function upload(file: File): Promise<string> {
  // The endpoint takes the raw bytes, the name in the query string (no multipart parsing needed).
  const res = await fetch(`/api/v1/uploads?filename=${encodeURIComponent(file.name)}`, {
    method: "POST",
    body: file,
    headers: { "Content-Type": file.type || "application/octet-stream" },
    credentials: "same-origin",
  });
  const json = (await res.json().catch(() => null)) as { id?: string; error?: string | { message?: string } } | null;
  if (!res.ok || !json?.id) {
    const err = json?.error;
    throw new Error(typeof err === "string" ? err : (err?.message ?? `HTTP ${res.status}`));
  }
  return json.id;
}

/** Files attached to the reply: uploaded right away, so sending is instant and failures show early. */
export function useUploads() {
  const [items, setItems] = useState<Upload[]>([]);
  const patch = (key: string, p: Partial<Upload>) => setItems((prev) => prev.map((u) => (u.key === key ? { ...u, ...p } : u)));
  const add = (files: File[]) => {
    for (const file of files) {
      const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
      setItems((prev) => [...prev, { key, name: file.name, size: file.size, state: "uploading" }]);
      upload(file).then(
        (id) => patch(key, { state: "done", id }),
        (e: Error) => patch(key, { state: "failed", error: e.message }),
      );
    }
  };
  return {
    items,
    done: items.filter((u) => u.state === "done" && u.id).map((u) => ({ id: u.id!, name: u.name })),
    busy: items.some((u) => u.state === "uploading"),
    add,
    remove: (key: string) => setItems((prev) => prev.filter((x) => x.key !== key)),
    /** Files of an undone reply, already uploaded: back on the composer as they were. */
    restore: (files: { id: string; filename: string; size: number }[]) =>
      setItems((prev) => [
        ...prev,
        ...files
          .filter((f) => !prev.some((u) => u.id === f.id))
          .map((f) => ({ key: f.id, name: f.filename, size: f.size, state: "done" as const, id: f.id })),
      ]),
    clear: () => setItems([]),
  };
}
