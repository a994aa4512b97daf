/**
 * Short names for `--milestone`, derived from the milestones' titles: a few lowercase words joined
 * by `-`, the words that say least left out (articles, "can", the organisation's own name), a
 * number glued to its word ("Gen 0" → gen0). They are a starting point: `--milestone` also accepts
 * any part of a title, and the file says the names can be changed.
 */

const STOP_WORDS = new Set([
  "a",
  "an",
  "and",
  "are",
  "as",
  "at",
  "be",
  "by",
  "can",
  "for",
  "from",
  "in",
  "is",
  "it",
  "of",
  "on",
  "or",
  "the",
  "to",
  "with",
]);

const MAX_WORDS = 3;

function words(title: string): string[] {
  return title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** One short name per milestone (same order), unique; `org` words are dropped when others remain. */
export function shortNames(milestones: readonly { number: number; title: string }[], org: string): string[] {
  const orgWords = new Set(words(org).filter((w) => w !== "org"));
  const used = new Set<string>();
  return milestones.map(({ number, title }) => {
    let tokens = words(title).filter((w) => !STOP_WORDS.has(w));
    const withoutOrg = tokens.filter((w) => !orgWords.has(w));
    if (withoutOrg.length > 0) tokens = withoutOrg;
    // A number belongs to its word: the last one to the word before ("gen 0"), others to the next ("1 million").
    const glued: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (/^\p{N}+$/u.test(token) && tokens.length > 1) {
        if (i === tokens.length - 1 && glued.length > 0) glued[glued.length - 1] += token;
        else if (i === tokens.length - 1) glued.push(token);
        else tokens[i + 1] = token + tokens[i + 1];
      } else glued.push(token);
    }
    const base = glued.slice(0, MAX_WORDS).join("-") || `milestone-${number}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    return name;
  });
}
