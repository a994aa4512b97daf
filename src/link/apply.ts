/**
 * Applies a LinkPlan (src/link/plan.ts), one write at a time (the client spaces writes
 * `--write-interval` apart), links first, then labels, and says what happened to each.
 *
 * - A link is REST `POST /repos/{org}/{pm}/issues/{epic}/sub_issues` with the child's database id.
 * - A label is `POST /repos/{org}/{repo}/issues/{n}/labels`; the plan only labels in repositories
 *   that have the label, so GitHub never creates one grey.
 * - GitHub refusing a link by its rules (another parent, 100 per parent, a pull request: the task
 *   changed since it was read) makes that action "refused", not "failed": it is reported, the
 *   others go on, and it does not change the exit code. "duplicate sub-issues" means an earlier
 *   attempt landed (its answer was lost): done.
 * - Any other failure is "failed" and the others go on; after MAX_CONSECUTIVE_FAILURES in a row
 *   the rest is left planned; a rejected token or a spent rate limit stops the run (`fatal`); the
 *   abort signal stops it after the current write (`interrupted`). Nothing is ever removed, so a
 *   stopped run is finished by running it again: what landed is not planned a second time.
 */
import { GitHubError, WakuPmError } from "../errors.js";
import { FatalGitHubError, type GitHubClient } from "../github/client.js";
import { addLabelToIssue } from "../github/labels.js";
import { type Epic, issueKey, type Task } from "../model/work.js";
import { MAX_CONSECUTIVE_FAILURES } from "../sync/apply.js";
import { WriteBackoff } from "../sync/run.js";
import type { LinkPlan, PlanFacts, Refusal, RefusalRule } from "./plan.js";

export type ActionStatus = "planned" | "applied" | "failed" | "refused";

export interface ActionResult {
  action: "link" | "label";
  epic: Epic;
  task: Task;
  /** The epic label: the one the task carries (link) or is given (label). */
  label: string;
  status: ActionStatus;
  /** Why it failed or was refused. */
  error?: string;
  /** For "refused": which of GitHub's rules. */
  rule?: RefusalRule;
}

export interface LinkResult {
  dryRun: boolean;
  actions: ActionResult[];
  /** Refused when planning (before any write). */
  refused: Refusal[];
  interrupted: boolean;
  fatal?: WakuPmError;
}

export interface LinkHooks {
  /** After every write attempt. */
  onWrite?: () => void;
  /** Writes were spaced further apart because GitHub pushed back. */
  onBackoff?: (intervalMs: number) => void;
  signal?: AbortSignal;
}

/** The plan as a result in which nothing has been written yet. */
export function planAsLinkResult(plan: LinkPlan, dryRun = true): LinkResult {
  return {
    dryRun,
    actions: [
      ...plan.links.map((l) => ({ action: "link" as const, ...l, status: "planned" as const })),
      ...plan.labels.map((l) => ({ action: "label" as const, ...l, status: "planned" as const })),
    ],
    refused: plan.refused,
    interrupted: false,
  };
}

/** GitHub's words for the rules it enforces on a new sub-issue (REST 422 messages). */
const RULES: readonly { pattern: RegExp; rule: RefusalRule }[] = [
  { pattern: /only have one parent/i, rule: "other-parent" },
  { pattern: /more than \d+ sub-issues/i, rule: "parent-full" },
  { pattern: /pull requests? cannot be sub-issues/i, rule: "pull-request" },
];

function messageOf(error: unknown): string {
  if (error instanceof WakuPmError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export async function applyLinkPlan(
  client: GitHubClient,
  plan: LinkPlan,
  options: { org: string; pmRepo: string; facts: PlanFacts; writeIntervalMs: number },
  hooks: LinkHooks = {},
): Promise<LinkResult> {
  const result = planAsLinkResult(plan, false);
  const backoff = new WriteBackoff(client, options.writeIntervalMs, hooks.onBackoff);
  let failuresInARow = 0;
  for (const action of result.actions) {
    if (failuresInARow >= MAX_CONSECUTIVE_FAILURES) {
      action.error = `not attempted: the ${MAX_CONSECUTIVE_FAILURES} writes before it failed; re-run later`;
      continue;
    }
    if (hooks.signal?.aborted) {
      result.interrupted = true;
      break;
    }
    try {
      if (action.action === "link") await link(client, action, options);
      else {
        const [owner, repo] = splitRepo(action.task.repo);
        await addLabelToIssue(client, owner, repo, action.task.number, action.label);
      }
      action.status = "applied";
      failuresInARow = 0;
    } catch (error) {
      const refusal =
        error instanceof GitHubError && error.status === 422 ? ruleOf(error.message) : undefined;
      if (refusal === "done") {
        action.status = "applied";
      } else if (refusal) {
        action.status = "refused";
        action.rule = refusal;
        action.error = `GitHub refused it: ${error instanceof Error ? error.message : ""}`;
      } else {
        action.status = "failed";
        action.error = messageOf(error);
        failuresInARow++;
        if (error instanceof FatalGitHubError) {
          result.fatal = error;
          break;
        }
      }
    } finally {
      backoff.afterWrite();
      hooks.onWrite?.();
    }
  }
  return result;
}

async function link(
  client: GitHubClient,
  action: ActionResult,
  options: { org: string; pmRepo: string; facts: PlanFacts },
): Promise<void> {
  const id = options.facts.items.get(issueKey(action.task))?.databaseId;
  if (id === undefined) throw new WakuPmError(`${action.task.repo}#${action.task.number} was not read`, 3);
  await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
    owner: options.org,
    repo: options.pmRepo,
    issue_number: action.epic.number,
    sub_issue_id: id,
  });
}

function ruleOf(message: string): RefusalRule | "done" | undefined {
  if (/duplicate sub-issues/i.test(message)) return "done";
  return RULES.find((r) => r.pattern.test(message))?.rule;
}

function splitRepo(fullName: string): [string, string] {
  const slash = fullName.indexOf("/");
  return [fullName.slice(0, slash), fullName.slice(slash + 1)];
}
