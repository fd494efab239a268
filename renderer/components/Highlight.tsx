// Marks the words a search matched in a text. Words are compared as the engine reads them: lower
// case, accents folded ("café" matches "cafe").
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;
const fold = (w: string) =>
  w
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');

export function Highlight({ text, words }: { text: string; words: string[] }) {
  if (words.length === 0) return <>{text}</>;
  const wanted = new Set(words);
  const parts: (string | { mark: string })[] = [];
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    if (!wanted.has(fold(m[0]))) continue;
    parts.push(text.slice(last, m.index), { mark: m[0] });
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return <>{parts.map((p, i) => (typeof p === 'string' ? p : <mark key={i}>{p.mark}</mark>))}</>;
}
