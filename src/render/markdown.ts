/**
 * Markdown escaping for text from GitHub (titles, labels, logins), which is untrusted: a title must
 * not break a table, open an HTML tag, become a link or a code span, or ping someone.
 */
import { sanitizeForTerminal } from "./style.js";

// Characters that start inline constructs GitHub renders: code, emphasis, links and images (a
// `(` or `!` only matters next to an escaped `[`), HTML, table cells, strikethrough.
const INLINE_SPECIAL = /[\\`*_[\]<>|~]/g;

/**
 * Escapes text for a markdown table cell (or any inline position): backslash-escapes the
 * characters markdown reacts to, so `|` cannot split a cell, `<` cannot open HTML, `[` cannot
 * start a link and a backtick cannot open code. Newlines and control characters become spaces or
 * disappear: a cell is one line.
 */
export function escapeMarkdown(text: string): string {
  return (
    sanitizeForTerminal(text)
      .replace(/\r\n?|\n/g, " ")
      .replace(INLINE_SPECIAL, (c) => `\\${c}`)
      // `@login` would notify that person when the report is pasted into an issue.
      .replace(/@(?=[A-Za-z0-9])/g, "@\u200b")
  );
}

/** A link whose text is escaped and whose target cannot close the parenthesis early. */
export function markdownLink(text: string, url: string): string {
  // encodeURIComponent leaves parentheses alone, and `)` would end the link.
  const target = url.replace(
    /[()\s<>]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
  return `[${escapeMarkdown(text)}](${target})`;
}

/** A markdown (GFM) table; every cell must already be escaped. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ("left" | "right" | "center")[] = [],
): string {
  const rule = header.map((_, i) => {
    const a = align[i] ?? "left";
    return a === "right" ? "---:" : a === "center" ? ":---:" : "---";
  });
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(rule), ...rows.map(line)].join("\n");
}
