import { useT } from "~/app/i18n/index.ts";
import { useWorkspace } from "~/app/lib/workspace.ts";
import { NamedOptions } from "~/app/components/named-options.tsx";
import "~/app/i18n/pages/canned.ts";

/** Fields of a canned response, shared by the "new" form and each row's edit form. */
export function CannedForm({ item }: { item?: { shortcut: string; title: string; body: string; departmentId: string | null } }) {
  const t = useT();
  const { directory, user } = useWorkspace();
  // Agents may only share with their own departments; admins with any.
  const departments =
    user.role === "admin" ? directory.departments : directory.departments.filter((d) => user.departmentIds.includes(d.id));
  return (
    <>
      <label className="field">
        {t("canned.shortcut")}
        <input type="text" name="shortcut" required maxLength={40} defaultValue={item?.shortcut} />
      </label>
      <label className="field">
        {t("canned.titleField")}
        <input type="text" name="title" required maxLength={120} defaultValue={item?.title} />
      </label>
      <label className="field">
        {t("canned.body")}
        <textarea name="body" required rows={5} maxLength={10000} defaultValue={item?.body} />
        <span className="muted small canned-variables">{t("canned.variables")}</span>
      </label>
      <label className="field">
        {t("canned.department")}
        <select name="departmentId" defaultValue={item?.departmentId ?? ""}>
          <option value="">{t("canned.everyone")}</option>
          <NamedOptions items={departments} />
        </select>
      </label>
    </>
  );
}
