import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { HydratedRouter } from "react-router/dom";
import { isLocale, loadDictionary } from "./i18n/index.ts";

// The page's language (and a survey's, which may differ: data-locale) must be here before hydration,
// or the first render would not match the server's HTML.
const languages = [
  document.documentElement.lang,
  ...[...document.querySelectorAll("[data-locale]")].map((el) => el.getAttribute("data-locale")),
];
await Promise.all(languages.filter(isLocale).map(loadDictionary));

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <HydratedRouter />
    </StrictMode>,
  );
});
