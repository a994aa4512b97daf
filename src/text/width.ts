/**
 * How many terminal columns text takes, and wrapping it to a width: what fitting a table to the
 * terminal needs. Like safety.ts, imports nothing, so any layer can use it.
 *
 * The rules follow what terminals (and cli-table3's string-width) do: combining marks, zero-width
 * characters and variation selectors take no column; East Asian wide and fullwidth characters and
 * emoji shown as emoji take two; everything else one. Escape sequences are not measured: text is
 * measured after `forTerminal`, plus our own colour codes, which are skipped.
 */

const SGR = /\u001b\[[0-9;]*m/g;
// Variation selectors (U+FE00–FE0F) are Mn too.
const ZERO_WIDTH = /[\p{Mn}\p{Me}\u200b-\u200f\u2060-\u2064\ufeff]/u;
const EMOJI = /\p{Emoji_Presentation}/u;

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    cp === 0x2329 ||
    cp === 0x232a ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe10 && cp <= 0xfe19) ||
    (cp >= 0xfe30 && cp <= 0xfe6f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1b000 && cp <= 0x1b001) ||
    (cp >= 0x1f200 && cp <= 0x1f251) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function charWidth(ch: string): number {
  if (ZERO_WIDTH.test(ch)) return 0;
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  return isWide(cp) || EMOJI.test(ch) ? 2 : 1;
}

/** Columns the text takes on a terminal (of its widest line, if it has several). */
export function displayWidth(text: string): number {
  let widest = 0;
  for (const line of text.replace(SGR, "").split("\n")) {
    let width = 0;
    for (const ch of line) width += charWidth(ch);
    widest = Math.max(widest, width);
  }
  return widest;
}

/** The longest prefix of `text` that fits in `width` columns (at least one character). */
function takeColumns(text: string, width: number): string {
  let used = 0;
  let out = "";
  for (const ch of text) {
    const w = charWidth(ch);
    if (used + w > width && out !== "") break;
    out += ch;
    used += w;
  }
  return out;
}

/**
 * Wraps one line of text to lines of at most `width` columns. It breaks after any of `breakAfter`
 * (spaces by default; ", " for a list, so "nwaku 46" stays together), falls back to spaces, and
 * cuts only a word longer than the width. Spaces at a break are dropped.
 */
export function wrapText(text: string, width: number, breakAfter: readonly string[] = [" "]): string[] {
  const limit = Math.max(1, width);
  if (displayWidth(text) <= limit) return [text];
  const pieces = splitAfter(text, breakAfter);
  const lines: string[] = [];
  let line = "";
  const flush = () => {
    if (line.trim() !== "") lines.push(line.trimEnd());
    line = "";
  };
  for (const piece of pieces) {
    if (displayWidth((line + piece).trimEnd()) <= limit) {
      line += piece;
      continue;
    }
    flush();
    let rest = piece.trimStart();
    if (displayWidth(rest.trimEnd()) > limit) {
      // A piece wider than a line: by words if it was a list item, then cut.
      const words = breakAfter.includes(" ") ? [rest] : splitAfter(rest, [" "]);
      for (const word of words) {
        if (displayWidth((line + word).trimEnd()) <= limit) {
          line += word;
          continue;
        }
        flush();
        rest = word.trimStart();
        while (displayWidth(rest.trimEnd()) > limit) {
          const head = takeColumns(rest, limit);
          lines.push(head);
          rest = rest.slice(head.length);
        }
        line = rest;
      }
      continue;
    }
    line = rest;
  }
  flush();
  return lines.length > 0 ? lines : [""];
}

/** "a, b c" split after ", " → ["a, ", "b c"]: the separators stay with the piece before them. */
function splitAfter(text: string, separators: readonly string[]): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const sep = separators.find((s) => text.startsWith(s, i));
    if (sep === undefined) continue;
    pieces.push(text.slice(start, i + sep.length));
    start = i + sep.length;
    i += sep.length - 1;
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

/** The longest unbreakable piece of text (a word, or a list item when breaking after ", "). */
export function longestWord(text: string, breakAfter: readonly string[] = [" "]): number {
  return Math.max(0, ...splitAfter(text, breakAfter).map((p) => displayWidth(p.trim())));
}
