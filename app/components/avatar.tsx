// Initials on a colour derived from the id, so the same person keeps the same colour everywhere.
// Each colour keeps white initials at 4.5:1 or more (WCAG AA for small text).
const COLORS = ["#4263eb", "#0b7285", "#2b7a3b", "#8c5a00", "#c25100", "#c2255c", "#6741d9", "#087f5b", "#495057"];

function hash(s: string) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}

export function initials(name: string) {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  // Japanese names (family name first): the family name's first character, as a hanko would read.
  if (/^[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(parts[0])) return [...parts[0]][0];
  if (parts.length === 1) return [...parts[0]].slice(0, 2).join("").toUpperCase();
  // "Visitor 02IG": a made-up or code-like last part is not a family name; take the first letters of the word.
  const last = parts[parts.length - 1];
  if (!/^\p{L}/u.test(last)) return [...parts[0]].slice(0, 2).join("").toUpperCase();
  return ([...parts[0]][0] + [...last][0]).toUpperCase();
}

export function Avatar({ id, name, size }: { id: string; name: string; size?: "small" | "large" }) {
  return (
    <span className={`avatar${size ? ` ${size}` : ""}`} style={{ background: COLORS[hash(id) % COLORS.length] }} aria-hidden>
      {initials(name)}
    </span>
  );
}
