/**
 * The question sync-labels asks on a terminal before it deletes labels. Only asked when both the
 * input and the output are terminals: in CI, a script or a pipe, `--prune` keeps its meaning and
 * nothing waits for an answer that cannot come.
 */
import { createInterface } from "node:readline";
import type { Output } from "../context.js";
import type { OrgPlan } from "./org.js";

/** Where an answer comes from: process.stdin, or a test's fake terminal. */
export interface PromptInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
}

/** Asks `question` and resolves true only for "y" or "yes" (any case); end of input is no. */
export function askYesNo(input: PromptInput, output: Output, question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input, terminal: false });
    let answered = false;
    output.write(`${question} [y/N] `);
    rl.once("line", (line) => {
      answered = true;
      rl.close();
      resolve(/^\s*y(es)?\s*$/i.test(line));
    });
    rl.once("close", () => {
      if (!answered) {
        output.write("\n");
        resolve(false);
      }
    });
  });
}

/** The deletions a plan holds, for the question: how many labels, in how many repositories, carried by how many issues. */
export function describeDeletes(
  plan: OrgPlan,
): { labels: number; repos: number; issues: number } | undefined {
  let labels = 0;
  let issues = 0;
  let repos = 0;
  for (const entry of plan.repos) {
    if (entry.status !== "planned") continue;
    const deletes = entry.plan.changes.filter((c) => c.action === "delete");
    if (deletes.length === 0) continue;
    repos++;
    labels += deletes.length;
    for (const d of deletes) if (d.action === "delete" && d.issues > 0) issues += d.issues;
  }
  return labels === 0 ? undefined : { labels, repos, issues };
}
