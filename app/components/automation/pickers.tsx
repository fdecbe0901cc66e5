import { useId, useState } from "react";
import { NamedOptions } from "~/app/components/named-options.tsx";
import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/ops.ts";

/** A select of named things with a "choose…" placeholder; `invalid` ties it to its error message. */
export function NamedSelect(props: {
  label: string;
  value: string;
  items: { id: string; name: string }[];
  onChange: (id: string) => void;
  errorId?: string;
}) {
  const t = useT();
  return (
    <select
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      aria-invalid={props.errorId ? true : undefined}
      aria-describedby={props.errorId}
    >
      <option value="" disabled>
        {t("ops.choose")}
      </option>
      <NamedOptions items={props.items} />
    </select>
  );
}

/** Several of a list (inboxes, departments, statuses …) as a wrap of checkboxes; `null` ids are "none". */
export function MultiPick<V extends string | null>(props: {
  label: string;
  items: { value: V; label: string }[];
  values: V[];
  onChange: (values: V[]) => void;
  errorId?: string;
}) {
  return (
    <fieldset className="pick-list" aria-label={props.label} aria-describedby={props.errorId}>
      {props.items.map((item) => (
        <label key={String(item.value)} className="check pick">
          <input
            type="checkbox"
            checked={props.values.includes(item.value)}
            onChange={(e) =>
              props.onChange(e.target.checked ? [...props.values, item.value] : props.values.filter((v) => v !== item.value))
            }
          />{" "}
          {item.label}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * A list of words or tags typed in one field, separated by commas (or 、). Japanese needs no spaces,
 * so only tags split on spaces too. The text is kept as typed; the list is what changes.
 */
export function WordsInput(props: {
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  splitOnSpace?: boolean;
  suggestions?: string[];
  placeholder?: string;
  errorId?: string;
}) {
  const [text, setText] = useState(props.values.join(", "));
  const listId = useId();
  const split = props.splitOnSpace ? /[,、\s]+/ : /[,、]+/;
  return (
    <>
      <input
        type="text"
        aria-label={props.label}
        value={text}
        placeholder={props.placeholder}
        list={props.suggestions?.length ? listId : undefined}
        aria-invalid={props.errorId ? true : undefined}
        aria-describedby={props.errorId}
        onChange={(e) => {
          setText(e.target.value);
          props.onChange(
            e.target.value
              .split(split)
              .map((w) => w.trim())
              .filter(Boolean),
          );
        }}
      />
      {props.suggestions?.length ? (
        <datalist id={listId}>
          {props.suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      ) : null}
    </>
  );
}
