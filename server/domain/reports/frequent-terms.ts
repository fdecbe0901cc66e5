/**
 * Words and two-word phrases of customer messages, Japanese included (issue 13): NFKC and lower case
 * like the search index (decision 012), then ICU word segmentation (`Intl.Segmenter`, which knows
 * Japanese words), stop words and one-character tokens left out. A term counts once per message.
 */
const segmenter = new Intl.Segmenter("ja", { granularity: "word" });

const STOP_WORDS = new Set(
  (
    "the a an and or but if of to in on at for with from by is are was were be been am i you he she it we they me my your our " +
    "this that these those there here have has had do does did not no yes can could would should will just so as about hi hello " +
    "please thanks thank regards dear its im dont get got any all some what when where which who how why also very more than " +
    "です ます でした ました ません でしょう ください お願い 願い します いたし いただ こと もの よう ため これ それ あれ どれ この その あの " +
    "して いる ある なる できる ない から まで など ので けど けれど また よろしく 思い 思います おります ござい ございます いつも お世話 世話 なり"
  ).split(" "),
);

/** Kanji and katakana (a Japanese content word); hiragana-only tokens are particles and endings. */
const CONTENT_CJK = /^[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005ー]+$/;
const HIRAGANA = /^[\u3040-\u309f]+$/;

/** The message's words in order, "" where a stop word or punctuation breaks a phrase; neighbouring kanji/katakana words join (請求 + 書 = 請求書). */
function wordsOf(text: string): string[] {
  const words: string[] = [];
  let joinable = false;
  for (const s of segmenter.segment(text.normalize("NFKC").toLowerCase().slice(0, 5000))) {
    const w = s.segment;
    const cjk = s.isWordLike === true && CONTENT_CJK.test(w);
    if (cjk && joinable) {
      words[words.length - 1] += w;
      continue;
    }
    joinable = cjk;
    const content = s.isWordLike === true && !/^\d+$/.test(w) && !HIRAGANA.test(w) && !STOP_WORDS.has(w);
    if (content) words.push(w);
    else if (s.isWordLike || w.trim() !== "") words.push("");
  }
  return words.map((w) => (w.length < 2 || STOP_WORDS.has(w) ? "" : w));
}

export function termsOf(text: string): Set<string> {
  const words = wordsOf(text);
  const terms = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w) continue;
    terms.add(w);
    const next = words[i + 1];
    if (next) terms.add(CONTENT_CJK.test(w) && CONTENT_CJK.test(next) ? w + next : `${w} ${next}`);
  }
  return terms;
}

/** How many of the texts contain each term. */
export function countTerms(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const term of termsOf(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
