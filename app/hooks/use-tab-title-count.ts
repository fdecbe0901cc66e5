import { useEffect } from "react";
import { useLocation } from "react-router";

const PREFIX = /^\(\d+\) /;

/**
 * Puts a count before the tab title ("(3) All conversations · Switchboard"), so a background tab shows
 * that customers are waiting. Route titles come from React Router's <Meta>, which rewrites <title> on
 * navigation; the prefix is applied again after each navigation and each change of the count.
 */
export function useTabTitleCount(count: number) {
  const location = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the location is a trigger: a navigation replaces the title
  useEffect(() => {
    const base = document.title.replace(PREFIX, "");
    document.title = count > 0 ? `(${count}) ${base}` : base;
  }, [count, location.key]);
}
