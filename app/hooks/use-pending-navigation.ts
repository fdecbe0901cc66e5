import { useEffect, useState } from "react";
import { useNavigation } from "react-router";

/** How long a navigation may take before it shows a pending state (issue 10: "about 150 ms"). */
export const PENDING_DELAY_MS = 150;

/**
 * The pathname being loaded, once loading it has taken longer than PENDING_DELAY_MS; null otherwise.
 * Fast switches never flash a spinner.
 */
export function usePendingPath(): string | null {
  const navigation = useNavigation();
  const loading = navigation.state === "loading" ? navigation.location.pathname : null;
  const [shown, setShown] = useState<string | null>(null);
  useEffect(() => {
    if (!loading) {
      setShown(null);
      return;
    }
    const timer = setTimeout(() => setShown(loading), PENDING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [loading]);
  return loading && shown === loading ? shown : null;
}
