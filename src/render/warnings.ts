/**
 * The one way a command prints its warnings on stderr: `warning: <text>`, one line each.
 * Warnings quote titles, labels and error messages from GitHub or the config, so each is made
 * terminal-safe (no escape sequences or controls, one line). Under GitHub Actions stderr is also
 * read for workflow commands, line by line: every line we print starts with `warning:`, so none
 * can start with `::`, and the runner's legacy `##[command]` form, which it finds anywhere in a
 * line, is broken up too.
 */
import type { Output } from "../context.js";
import { defuseWorkflowCommands, forTerminal } from "../text/safety.js";
import { inGitHubActions } from "./annotations.js";
import { styleFor } from "./style.js";

export function printWarnings(
  output: Pick<Output, "write" | "color">,
  warnings: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): void {
  const style = styleFor(output);
  const actions = inGitHubActions(env);
  for (const warning of warnings) {
    const text = forTerminal(warning);
    output.write(`${style.yellow("warning:")} ${actions ? defuseWorkflowCommands(text) : text}\n`);
  }
}
