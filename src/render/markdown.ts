/**
 * Markdown building blocks for every markdown we write (status, report, the check step summary).
 * Untrusted text (titles, labels, logins) is made inline-safe by `forMarkdownInline` from
 * src/text/safety.ts: a title must not break a table, open an HTML tag, become a link or a code
 * span, reference an issue or ping someone.
 */
import { forMarkdownInline, forTerminal } from "../text/safety.js";

/** The old name of `forMarkdownInline`. */
export const escapeMarkdown = forMarkdownInline;

/**
 * A link whose text is escaped and whose target cannot close the parenthesis early. Only http(s)
 * targets become links (a `javascript:` URL would be a trap); anything else leaves the text alone.
 */
export function markdownLink(text: string, url: string): string {
  return markdownLinkTo(forMarkdownInline(text), url);
}

/** A link around markdown that is already safe (ours, or escaped), e.g. `#62` or a mix. */
export function markdownLinkTo(markdown: string, url: string): string {
  if (!/^https?:\/\//i.test(url)) return markdown;
  // encodeURIComponent leaves parentheses alone, and `)` would end the link.
  const target = forTerminal(url).replace(
    /[()\s<>]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
  return `[${markdown}](${target})`;
}

/** A `code` span: backticks inside become `'`, because a table cell cannot hold a longer fence. */
export function markdownCode(text: string): string {
  // Even inside a code span, GitHub splits table cells on `|` unless it is escaped.
  return `\`${forTerminal(text).replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
}

/**
 * A markdown (GFM) table. Cells must already be markdown (escape untrusted text with
 * `forMarkdownInline`, `markdownLink` or `markdownCode`); a line break left in a cell is
 * flattened so the row holds, and a missing cell is empty.
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ("left" | "right" | "center")[] = [],
): string {
  const rule = header.map((_, i) => {
    const a = align[i] ?? "left";
    return a === "right" ? "---:" : a === "center" ? ":---:" : "---";
  });
  const line = (cells: readonly string[]): string =>
    `| ${header.map((_, i) => (cells[i] ?? "").replace(/[\r\n]+/g, " ")).join(" | ")} |`;
  return [line(header), line(rule), ...rows.map(line)].join("\n");
}
