import { useState } from "react";
import { useT } from "~/app/i18n/index.ts";

export function TagEditor({ tags, disabled, onChange }: { tags: string[]; disabled: boolean; onChange: (tags: string[]) => void }) {
  const t = useT();
  const [draft, setDraft] = useState("");
  const add = () => {
    const tag = draft.trim().toLowerCase();
    setDraft("");
    if (tag && !tags.includes(tag)) onChange([...tags, tag]);
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: chips and an input in one inline row; a fieldset's default box would break it
    <div className="tags" role="group" aria-label={t("conversation.tags")}>
      {tags.map((tag) => (
        <span className="tag" key={tag}>
          {tag}
          {disabled ? null : (
            <button type="button" aria-label={t("conversation.removeTag", { tag })} onClick={() => onChange(tags.filter((x) => x !== tag))}>
              ×
            </button>
          )}
        </span>
      ))}
      {disabled ? null : (
        <input
          className="tag-input"
          type="text"
          value={draft}
          maxLength={40}
          placeholder={t("conversation.tagsPlaceholder")}
          aria-label={t("conversation.tags")}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            // Japanese IME: Enter that confirms a conversion must not add the tag.
            if (e.key === "Enter" && !e.nativeEvent.isComposing) {
              e.preventDefault();
              add();
            }
            if (e.key === "Escape") e.currentTarget.blur();
          }}
        />
      )}
    </div>
  );
}
