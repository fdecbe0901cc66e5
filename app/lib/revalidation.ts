import type { ShouldRevalidateFunctionArgs } from "react-router";

/**
 * For the routes around an open conversation (the app layout, the inbox list): opening another
 * conversation reloads only the conversation's own loader. React Router reloads every route on a
 * navigation whose params changed, and the `:conversationId` param is shared by the whole match, so
 * each switch re-read the nav counts, the directory, the notifications and the list page (issue 10).
 * Those stay current without it: the list and the counts follow the socket (conversation changes,
 * and the room join that marks the conversation read refreshes the counts). Anything else (another
 * view, another filter, a form's action, an explicit revalidation) keeps React Router's default.
 */
export function keepOnConversationSwitch({
  currentUrl,
  nextUrl,
  currentParams,
  nextParams,
  formMethod,
  defaultShouldRevalidate,
}: ShouldRevalidateFunctionArgs): boolean {
  if (formMethod || currentUrl.href === nextUrl.href || currentUrl.search !== nextUrl.search) return defaultShouldRevalidate;
  if (currentParams.conversationId === nextParams.conversationId) return defaultShouldRevalidate;
  const names = new Set([...Object.keys(currentParams), ...Object.keys(nextParams)]);
  names.delete("conversationId");
  for (const name of names) if (currentParams[name] !== nextParams[name]) return defaultShouldRevalidate;
  // Same place with another (or no) conversation at its end: /inbox/:view[/:id], /conversations/:id.
  const without = (url: URL, id: string | undefined) => {
    const tail = id ? `/${encodeURIComponent(id)}` : "";
    return tail && url.pathname.endsWith(tail) ? url.pathname.slice(0, -tail.length) : url.pathname;
  };
  return without(currentUrl, currentParams.conversationId) === without(nextUrl, nextParams.conversationId)
    ? false
    : defaultShouldRevalidate;
}
