import { useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import type { ListDensity } from "~/common/vocabulary.ts";

/** Comfortable or compact rows, saved on the agent (the inbox route reads the same fetcher to show it at once). */
export function DensityToggle({ density, action }: { density: ListDensity; action: string }) {
  const t = useT();
  const fetcher = useFetcher({ key: "list-density" });
  const next: ListDensity = density === "compact" ? "comfortable" : "compact";
  return (
    <fetcher.Form method="post" action={action} className="density-toggle">
      <input type="hidden" name="intent" value="density" />
      <button
        type="submit"
        name="density"
        value={next}
        className="button small ghost"
        aria-pressed={density === "compact"}
        title={t("density.label")}
      >
        {t("density.compact")}
      </button>
    </fetcher.Form>
  );
}
