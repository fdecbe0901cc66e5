/** The <option>s of a picker of named things (departments, agents, inboxes). */
export function NamedOptions({ items }: { items: { id: string; name: string }[] }) {
  return (
    <>
      {items.map((i) => (
        <option key={i.id} value={i.id}>
          {i.name}
        </option>
      ))}
    </>
  );
}
