/**
 * Recognising and reading "Weekly Update" comments (data-model.md, "Weekly updates"). Pure: no I/O.
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

function detectKinds(lines: string[]): UpdateLineKind[] {
  const kinds = new Set<UpdateLineKind>();
  for (const line of lines) {
    const word = KIND_LINE.exec(line)?.[1]?.toLowerCase();
    if (!word) continue;
    if (word === "achieved" || word === "next") kinds.add(word);
    else if (word.startsWith("block")) kinds.add("blocker");
    else kinds.add("risks");
  }
  return [...kinds];
}
