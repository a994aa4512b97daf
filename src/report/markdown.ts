/**
 * Keeping text from GitHub from breaking the report's markdown. Update lines are kept as written
 * (people use links, code spans, emphasis and nested lists on purpose); only what could change the
 * report's structure is neutralised:
 * - a line that would be a heading (`# …`) — it would end the section it sits in;
 * - a setext underline (`---`, `===`) — it would turn the line above into a heading or a rule;
 * - an unbalanced code fence (```` ``` ````, `~~~`) — it would swallow the rest of the report;
 * - raw HTML (`<details>`, `<!--`) — an unclosed tag or comment hides everything after it.
 * A fenced block that is closed inside the same update is kept as is, contents included.
 * Terminal escape sequences and control characters are dropped everywhere: the report is often
 * printed straight to a terminal, and they never mean anything in markdown.
 */
import { sanitizeForTerminal } from "../render/style.js";

const HEADING = /^( {0,3})(#{1,6})(?=\s|$)/;
const SETEXT_OR_RULE = /^ {0,3}(?:-+|=+)\s*$|^ {0,3}([-_*])(?:\s*\1){2,}\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
// Autolinks (`<https://…>`) are harmless and common; everything else that opens a tag is escaped.
const HTML_OPEN = /<(?!https?:\/\/[^\s<>]+>)/g;

/** Escapes the lines of one update so they cannot break the document they are pasted into. */
export function escapeUpdateLines(lines: string[]): string[] {
  const clean = lines.map(sanitizeForTerminal);
  const fenceBalanced = areFencesBalanced(clean);
  let openFence: string | undefined;
  return clean.map((line) => {
    const fence = FENCE.exec(line)?.[1];
    if (fenceBalanced && fence !== undefined) {
      if (openFence === undefined) openFence = fence;
      else if (fence[0] === openFence[0] && fence.length >= openFence.length) openFence = undefined;
      return line;
    }
    if (openFence !== undefined) return line;
    return escapeLine(line);
  });
}

function escapeLine(line: string): string {
  let out = line.replace(HTML_OPEN, "&lt;");
  const fence = /^( {0,3})([`~])/.exec(out);
  if (fence && FENCE.test(out)) out = `${fence[1]}\\${out.slice(fence[1]?.length ?? 0)}`;
  out = out.replace(HEADING, "$1\\$2");
  if (SETEXT_OR_RULE.test(out)) out = out.replace(/^( {0,3})(\S)/, "$1\\$2");
  return out;
}

function areFencesBalanced(lines: string[]): boolean {
  let open: string | undefined;
  for (const line of lines) {
    const fence = FENCE.exec(line)?.[1];
    if (fence === undefined) continue;
    if (open === undefined) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length) open = undefined;
  }
  return open === undefined;
}
