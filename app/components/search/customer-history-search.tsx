import { Form } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/search.ts";

/** "Search this customer's history": the search page scoped to one contact. */
export function CustomerHistorySearch({ contactId }: { contactId: string }) {
  const t = useT();
  return (
    <Form className="search-form" action="/search" role="search">
      <input type="hidden" name="contactId" value={contactId} />
      <input type="search" name="q" required placeholder={t("search.customerHistory")} aria-label={t("search.customerHistory")} />
      <button className="button" type="submit">
        {t("search.submit")}
      </button>
    </Form>
  );
}
