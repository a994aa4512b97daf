/**
 * GitHub Actions job summaries: markdown appended to the file named by `GITHUB_STEP_SUMMARY`.
 *
 * Every step gets its own file and other tools in the same step may already have written to it, so
 * we only ever append. Text from GitHub (titles, label names) is untrusted: it is escaped so a title
 * with `|` cannot break a table and a title with `<img>` or `[x](…)` cannot inject markup.
 */
import { appendFileSync } from "node:fs";

/**
 * GitHub refuses a step summary over 1 MiB ("$GITHUB_STEP_SUMMARY upload aborted, supports content
 * up to a size of 1024k") and then shows nothing at all, so stay well under it.
 */
export const SUMMARY_BUDGET_BYTES = 900 * 1024;

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Characters that start markdown constructs anywhere in a line (emphasis, code, links, tables,
// strikethrough, and `#` so a "#62" in a list item can never become a heading).
const MARKDOWN_SPECIAL = /[\\`*_{}[\]|~#]/g;
// These only matter at the start of a line (lists); `>` becomes an entity below anyway.
const LEADING_SPECIAL = /^[-+!]/;
const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** Escapes text for inline markdown: no markup, no HTML, no line breaks. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(CONTROL, "")
      .replace(/[\r\n\t]+/g, " ")
      .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
      .replace(LEADING_SPECIAL, (c) => `\\${c}`)
      // Entities rather than backslashes: GitHub renders raw HTML in summaries, escaped or not.
      .replace(/[&<>]/g, (c) => HTML_ENTITIES[c] ?? c)
  );
}

/** A markdown link whose text is escaped and whose URL cannot close the link early. */
export function markdownLink(text: string, url: string): string {
  if (!/^https?:\/\//.test(url)) return escapeMarkdown(text);
  const safeUrl = url.replace(/[()\s<>]/g, (c) => encodeURIComponent(c));
  return `[${escapeMarkdown(text)}](${safeUrl})`;
}

/** `code` span: backticks inside are replaced, because a table cell cannot hold a longer fence. */
export function markdownCode(text: string): string {
  const clean = text
    .replace(CONTROL, "")
    .replace(/[\r\n\t]+/g, " ")
    .replace(/`/g, "'")
    // Even inside a code span, GitHub splits table cells on `|` unless it is escaped.
    .replace(/\|/g, "\\|");
  return `\`${clean}\``;
}

/**
 * A GFM table. Cells must already be markdown (escape untrusted text with `escapeMarkdown`,
 * `markdownLink` or `markdownCode`); any line break left in a cell is flattened so the row holds.
 */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) =>
    `| ${headers.map((_, i) => (cells[i] ?? "").replace(/[\r\n]+/g, " ")).join(" | ")} |`;
  return [line(headers), `| ${headers.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n");
}

/**
 * Cuts markdown that would exceed the budget at a line boundary and says so, rather than letting
 * GitHub drop the whole summary.
 */
export function fitSummary(markdown: string, budgetBytes: number = SUMMARY_BUDGET_BYTES): string {
  if (Buffer.byteLength(markdown, "utf8") <= budgetBytes) return markdown;
  const note =
    "\n\n_The rest of this summary was cut to stay under GitHub's 1 MiB limit; see the job log._\n";
  const room = budgetBytes - Buffer.byteLength(note, "utf8");
  const lines = markdown.split("\n");
  let used = 0;
  const kept: string[] = [];
  for (const l of lines) {
    const size = Buffer.byteLength(l, "utf8") + 1;
    if (used + size > room) break;
    kept.push(l);
    used += size;
  }
  return `${kept.join("\n")}${note}`;
}

/**
 * Appends markdown to `GITHUB_STEP_SUMMARY` when the variable is set; returns whether it wrote.
 * A blank line goes first so our first heading never glues onto another tool's last line.
 */
export function appendStepSummary(
  env: Readonly<Record<string, string | undefined>>,
  markdown: string,
): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, `\n${fitSummary(markdown)}\n`, "utf8");
  return true;
}
