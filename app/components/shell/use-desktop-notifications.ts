import { useCallback, useEffect, useState } from "react";

/**
 * Desktop notifications: the browser's permission plus the agent's own choice (kept in
 * localStorage, per browser). Permission is only ever requested from a click — browsers ignore or
 * penalise prompts on page load, and an agent should not be asked before they care.
 */
export type DesktopState = "unknown" | "unsupported" | "not-asked" | "blocked" | "off" | "on";

const STORAGE_KEY = "switchboard.desktopNotifications";

function readState(): DesktopState {
  if (typeof window === "undefined") return "unknown";
  if (!("Notification" in window)) return "unsupported";
  const permission = window.Notification.permission;
  if (permission === "denied") return "blocked";
  const choice = readChoice();
  if (permission === "granted" && choice === "on") return "on";
  return choice === "off" ? "off" : "not-asked";
}

function readChoice(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode, policy): behave as if never chosen
  }
}

function writeChoice(choice: "on" | "off") {
  try {
    window.localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Nothing to remember with; the choice holds until the page is reloaded.
  }
}

export function useDesktopNotifications() {
  // "unknown" on the server and during hydration: the permission exists only in the browser.
  const [state, setState] = useState<DesktopState>("unknown");
  const refresh = useCallback(() => setState(readState()), []);

  useEffect(() => {
    refresh();
    // The agent may change the site permission in the browser's settings while the app is open.
    document.addEventListener("visibilitychange", refresh);
    return () => document.removeEventListener("visibilitychange", refresh);
  }, [refresh]);

  const enable = useCallback(async () => {
    if (!("Notification" in window)) return;
    const permission = await window.Notification.requestPermission();
    if (permission === "granted") writeChoice("on");
    refresh();
  }, [refresh]);

  const disable = useCallback(() => {
    writeChoice("off");
    refresh();
  }, [refresh]);

  /** Shows a desktop notification when enabled and the tab is not being looked at. */
  const show = useCallback((title: string, options: { body: string; tag: string; onClick: () => void }) => {
    if (readState() !== "on" || document.visibilityState === "visible") return;
    try {
      const n = new window.Notification(title, { body: options.body, tag: options.tag });
      n.onclick = () => {
        window.focus();
        n.close();
        options.onClick();
      };
    } catch {
      // Some platforms (Android Chrome) allow notifications only from a service worker; the bell still counts.
    }
  }, []);

  return { state, enable, disable, show };
}
