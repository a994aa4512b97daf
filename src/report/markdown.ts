/**
 * Keeping text from GitHub from breaking the report's markdown. The rules (headings, setext
 * underlines, unbalanced fences, raw HTML, @mentions, GitHub Actions workflow commands; tabs and
 * nested lists kept) live with the other text-safety rules in src/text/safety.ts.
 */
import { forMarkdownLines } from "../text/safety.js";

/** Escapes the lines of one update so they cannot break the document they are pasted into. */
export function escapeUpdateLines(lines: readonly string[]): string[] {
  return forMarkdownLines(lines);
}
