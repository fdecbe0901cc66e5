import { useEffect, useState } from "react";
import { useBlocker, useRevalidator } from "react-router";
import { useT } from "~/app/i18n/index.ts";

/** The browser's own idea of the network (Chromium flips it when the connection drops). */
export function useOnline(): boolean {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return online;
}

/**
 * Keeps the app when the network drops (issue 10, bug 7): a bar says so, and a click that would load
 * another page waits instead of failing into the browser's error page (a route module that cannot
 * load makes React Router reload the document). The text in the composer stays where it is. When
 * the network is back the waiting navigation goes on and the screen catches up with what happened.
 */
export function OfflineBar() {
  const t = useT();
  const online = useOnline();
  const revalidator = useRevalidator();
  const [wasOffline, setWasOffline] = useState(false);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      !navigator.onLine && `${currentLocation.pathname}${currentLocation.search}` !== `${nextLocation.pathname}${nextLocation.search}`,
  );

  useEffect(() => {
    if (!online) return setWasOffline(true);
    if (!wasOffline) return;
    setWasOffline(false);
    if (blocker.state === "blocked") blocker.proceed();
    else void revalidator.revalidate();
  }, [online, wasOffline, blocker, revalidator]);

  if (online) return null;
  return (
    <div className="offline-bar" role="status" aria-live="polite">
      <strong>{t("offline.title")}</strong> {blocker.state === "blocked" ? t("offline.waiting") : t("offline.body")}
    </div>
  );
}
