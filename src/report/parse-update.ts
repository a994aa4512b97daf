/**
 * Recognising and reading "Weekly Update" comments (docs/spec/data-model.md, "Weekly updates"). Pure: no I/O.
 *
 * A comment is an update when its first non-blank line says "weekly update", ignoring case, bold or
 * italic markers (`**`, `__`, `*`, `_`) and a trailing colon. Text after the colon on that same line
 * (`Weekly update: shipped X`) is kept as the update's first line. "Weekly updates are great" or
 * "Weekly update of the deps" are ordinary comments: only the heading itself counts.
 */

/** The kinds of line the team's template uses: `- _achieved_: …`, `- _next_: …`, … */
export type UpdateLineKind = "achieved" | "next" | "blocker" | "risks";

export interface ParsedUpdate {
  /** Lines after the heading, as written (trailing whitespace trimmed, blank edges dropped). */
  lines: string[];
  /** Which template kinds appear among the lines. */
  kinds: UpdateLineKind[];
}

// Emphasis runs people wrap the heading in: `**`, `__`, `*`, `_`, in any combination.
const EMPHASIS = "[*_]*";
const HEADING = new RegExp(
  `^\\s*${EMPHASIS}\\s*weekly\\s+update\\s*${EMPHASIS}\\s*(?::\\s*${EMPHASIS}\\s*(.*?)|${EMPHASIS})\\s*$`,
  "i",
);

/** True when the comment body is a weekly update. */
export function isWeeklyUpdate(body: string): boolean {
  return parseWeeklyUpdate(body) !== undefined;
}

/** The update's lines and kinds, or undefined when the body is not a weekly update. */
export function parseWeeklyUpdate(body: string): ParsedUpdate | undefined {
  const all = body.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const first = all.findIndex((line) => line.trim() !== "");
  if (first < 0) return undefined;
  const match = HEADING.exec(all[first] ?? "");
  if (!match) return undefined;
  const rest = match[1]?.trim();
  const lines = [...(rest ? [rest] : []), ...all.slice(first + 1)].map((line) => line.trimEnd());
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return { lines, kinds: detectKinds(lines) };
}

// `- _achieved_: …`, `* **next**: …`, `- achieved: …`, `- _blockers_: …`: the marker, then the word.
const KIND_LINE = /^\s*(?:[-*+]\s+)?[*_]*\s*(achieved|next|blockers?|blocked|risks?)\s*[*_]*\s*:/i;

/** The template kind a line opens (`- _achieved_: …` → achieved), or undefined for any other line. */
export function lineKind(line: string): UpdateLineKind | undefined {
  const word = KIND_LINE.exec(line)?.[1]?.toLowerCase();
  if (!word) return undefined;
  if (word === "achieved" || word === "next") return word;
  return word.startsWith("block") ? "blocker" : "risks";
}

function detectKinds(lines: string[]): UpdateLineKind[] {
  const kinds = new Set<UpdateLineKind>();
  for (const line of lines) {
    const kind = lineKind(line);
    if (kind) kinds.add(kind);
  }
  return [...kinds];
}

/** One thing an update says under a kind: `- _achieved_: X` is one item, and so is each nested bullet. */
export interface UpdateItem {
  kind: UpdateLineKind;
  /** As written, without the kind marker or the bullet; continuation lines joined by a space. */
  text: string;
}

const BULLET = /^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$/;

/**
 * The items of an update's lines, in order. A kind line's own text is an item; the bullets nested
 * under it (indented deeper) are items of the same kind, as people write
 * `- _achieved_:` followed by a sub-list; an indented line that is not a bullet continues the item
 * above it. A line at the kind line's depth or shallower that opens no kind ends the section.
 */
export function updateItems(lines: readonly string[]): UpdateItem[] {
  const items: UpdateItem[] = [];
  let section: { kind: UpdateLineKind; indent: number } | undefined;
  let last: UpdateItem | undefined;
  for (const raw of lines) {
    const line = raw.replace(/\t/g, "    ");
    if (line.trim() === "") continue;
    const indent = line.length - line.trimStart().length;
    const kind = lineKind(line);
    if (kind) {
      section = { kind, indent };
      const text = line.slice(line.indexOf(":", line.search(/\S/)) + 1).trim();
      last = text === "" ? undefined : { kind, text };
      if (last) items.push(last);
      continue;
    }
    if (!section || indent <= section.indent) {
      section = undefined;
      last = undefined;
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      last = { kind: section.kind, text: (bullet[2] ?? "").trim() };
      if (last.text !== "") items.push(last);
    } else if (last) last.text = `${last.text} ${line.trim()}`;
    else {
      last = { kind: section.kind, text: line.trim() };
      items.push(last);
    }
  }
  return items;
}
