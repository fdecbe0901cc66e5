import { useEffect, useRef } from "react";
import { useFetcher } from "react-router";

/** A "create" form submitted with a fetcher that clears itself once the action answered `{ ok: true }`. */
export function useCreateForm<A>() {
  const fetcher = useFetcher<A>();
  const formRef = useRef<HTMLFormElement>(null);
  const data = fetcher.data as { ok?: boolean } | undefined;
  useEffect(() => {
    if (fetcher.state === "idle" && data?.ok) formRef.current?.reset();
  }, [fetcher.state, data]);
  return { fetcher, formRef };
}
