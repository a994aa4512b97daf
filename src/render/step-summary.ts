/**
 * GitHub Actions job summaries: markdown appended to the file named by `GITHUB_STEP_SUMMARY`.
 *
 * Every step gets its own file and other tools in the same step may already have written to it, so
 * we only ever append. Text from GitHub (titles, label names) is untrusted: it is escaped
 * (src/text/safety.ts, through ./markdown.ts) so a title with `|` cannot break a table and a title
 * with `<img>` or `[x](…)` cannot inject markup.
 */
import { appendFileSync } from "node:fs";

/**
 * GitHub refuses a step summary over 1 MiB ("$GITHUB_STEP_SUMMARY upload aborted, supports content
 * up to a size of 1024k") and then shows nothing at all, so stay well under it.
 */
export const SUMMARY_BUDGET_BYTES = 900 * 1024;

// The markdown pieces are the same as everywhere else; re-exported for the modules that import them here.
export { escapeMarkdown, markdownCode, markdownLink, markdownTable } from "./markdown.js";

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
