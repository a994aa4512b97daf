/**
 * Executes a LabelPlan against one repository, one write at a time (the client spaces them
 * `--write-interval` apart), in the plan's order.
 *
 * Interruption safety: every change is a single write except a merge, which first adds the target
 * label to every issue and pull request carrying the alias and only then deletes the alias. Stopped
 * anywhere, the repository is in a state the planner reads correctly on the next run: a half-done
 * merge is planned again and skips the issues that already carry the target.
 *
 * Two kinds of evidence are checked against GitHub itself before being acted on:
 * - a delete, and a merge's final delete, rest on which issues carry the label; that list is read
 *   again bypassing the HTTP cache right before the delete (a stale or tampered cache entry saying
 *   "unused" must never strip a label from issues);
 * - a create or rename answered 422 `already_exists` (or a rename whose old name is gone) is what a
 *   retried write gets when the first attempt applied but its answer was lost: the label is read
 *   back, and counted done when it is exactly what the plan wanted.
 */
import { GitHubError, WakuPmError } from "../errors.js";
import { FatalGitHubError, type GitHubClient } from "../github/client.js";
import {
  addLabelToIssue,
  createLabel,
  deleteLabel,
  getLabel,
  isAlreadyExists,
  type Label,
  listIssuesWithLabel,
  updateLabel,
} from "../github/labels.js";
import type { FieldChanges, LabelChange, LabelPlan } from "./plan.js";

/**
 * For the reads a destructive write rests on (is a label still unused? which issues carry an alias
 * about to be deleted?) and the read-back of a write whose answer was lost: GitHub's own answer,
 * never a replay from the HTTP cache.
 */
const UNCACHED = { cache: false } as const;

export type ChangeStatus = "planned" | "applied" | "failed";

export interface ChangeResult {
  change: LabelChange;
  status: ChangeStatus;
  error?: string;
  /** For a merge: how many issues and pull requests were given the target label. */
  relabelled?: number;
}

export interface ApplyHooks {
  /** Called after every write attempt (success or failure), for progress. */
  onWrite?: () => void;
  /** Called when a merge discovers how many issues it must relabel. */
  onMoreWrites?: (n: number) => void;
  /** Aborted (Ctrl-C): finish the current write, then stop; what is left stays "planned". */
  signal?: AbortSignal;
  /**
   * The plan was made with --force: a delete goes ahead even if its label turns out to be in use
   * when re-read. Without it such a label is kept (and reported as keep-in-use).
   */
  force?: boolean;
}

export interface ApplyOutcome {
  results: ChangeResult[];
  /** Set when the run had to stop: the token was rejected or the rate limit is spent. */
  fatal?: FatalGitHubError;
  interrupted: boolean;
}

/** Writes this change costs before any issue lookup (a merge adds one per issue to relabel). */
export function countWrites(change: LabelChange): number {
  return change.action === "keep-in-use" ? 0 : 1;
}

/**
 * After this many failures in a row, the repository is given up for this run: GitHub is clearly
 * not taking its writes, and every further change would cost its retries (1 + 4 + 9 s) for nothing.
 */
export const MAX_CONSECUTIVE_FAILURES = 3;

/** A merge whose target could not be made: refused before any write. */
class NotAttempted extends Error {}

/** Ctrl-C in the middle of a merge: the merge is left unfinished (and safe), not failed. */
class Interrupted extends Error {}

function messageOf(error: unknown): string {
  if (error instanceof WakuPmError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Only the fields that differ: a PATCH sends nothing it does not need to. */
function changedFields(fields: FieldChanges): { color?: string; description?: string } {
  const out: { color?: string; description?: string } = {};
  if (fields.color) out.color = fields.color.to;
  if (fields.description) out.description = fields.description.to;
  return out;
}

export async function applyLabelPlan(
  client: GitHubClient,
  owner: string,
  repo: string,
  plan: LabelPlan,
  hooks: ApplyHooks = {},
): Promise<ApplyOutcome> {
  const results: ChangeResult[] = plan.changes.map((change) => ({ change, status: "planned" }));
  // Labels whose rename or creation failed: a merge into them must not run, because adding a
  // missing label to an issue makes GitHub create it silently (grey, no description).
  const missingTargets = new Set<string>();
  const outcome: ApplyOutcome = { results, interrupted: false };
  let failuresInARow = 0;

  for (const [index, result] of results.entries()) {
    if (failuresInARow >= MAX_CONSECUTIVE_FAILURES) {
      for (const rest of results.slice(index)) {
        rest.error = `not attempted: the ${MAX_CONSECUTIVE_FAILURES} changes before it failed; re-run later`;
      }
      break;
    }
    if (hooks.signal?.aborted) {
      outcome.interrupted = true;
      break;
    }
    const change = result.change;
    try {
      switch (change.action) {
        case "create": {
          const body: { name: string; color: string; description?: string } = {
            name: change.name,
            color: change.color,
          };
          if (change.description !== undefined) body.description = change.description;
          await write(hooks, () => createLabel(client, owner, repo, body)).catch(async (error) => {
            if (!isAlreadyExists(error)) throw error;
            await confirmLanded(client, owner, repo, change, error);
          });
          break;
        }
        case "update":
          await write(hooks, () =>
            updateLabel(client, owner, repo, change.name, changedFields(change.fields)),
          );
          break;
        case "rename":
          await write(hooks, () =>
            updateLabel(client, owner, repo, change.from, {
              new_name: change.name,
              ...changedFields(change.fields),
            }),
          ).catch(async (error) => {
            // A retried rename that had applied finds its old name gone (404), or, for a case-only
            // rename, may be told the name already exists.
            if (!isAlreadyExists(error) && !(error instanceof GitHubError && error.status === 404))
              throw error;
            await confirmLanded(client, owner, repo, change, error);
          });
          break;
        case "merge": {
          if (missingTargets.has(change.name.toLowerCase())) {
            throw new NotAttempted(
              `not attempted: "${change.name}" does not exist because its change failed`,
            );
          }
          result.relabelled = 0;
          // Uncached: every issue missing from this list loses the alias at the delete below.
          const issues = await listIssuesWithLabel(client, owner, repo, change.from, UNCACHED);
          const target = change.name.toLowerCase();
          const todo = issues.filter((issue) => !issue.labels.some((l) => l.toLowerCase() === target));
          hooks.onMoreWrites?.(todo.length);
          for (const issue of todo) {
            if (hooks.signal?.aborted) {
              throw new Interrupted(
                `interrupted after relabelling ${result.relabelled} of ${todo.length} issues; "${change.from}" kept, re-run to finish`,
              );
            }
            await write(hooks, () => addLabelToIssue(client, owner, repo, issue.number, change.name));
            result.relabelled++;
          }
          // Only now: deleting the alias strips it from every issue, which all carry the target.
          await write(hooks, () => deleteLabel(client, owner, repo, change.from));
          break;
        }
        case "delete": {
          // Re-read uncached who carries it: the plan may have counted from a cached answer.
          const carriers = (await listIssuesWithLabel(client, owner, repo, change.name, UNCACHED)).length;
          if (carriers > 0 && !hooks.force) {
            result.change = { action: "keep-in-use", name: change.name, issues: carriers };
            hooks.onMoreWrites?.(-1);
            break;
          }
          if (carriers !== change.issues && change.issues >= 0) {
            result.change = { ...change, issues: carriers };
          }
          await write(hooks, () => deleteLabel(client, owner, repo, change.name));
          break;
        }
        case "keep-in-use":
          break;
      }
      result.status = "applied";
      failuresInARow = 0;
    } catch (error) {
      if (error instanceof Interrupted) {
        result.error = error.message;
        outcome.interrupted = true;
        break;
      }
      result.status = "failed";
      result.error = messageOf(error);
      if (!(error instanceof NotAttempted)) failuresInARow++;
      if (change.action === "create" || change.action === "rename")
        missingTargets.add(change.name.toLowerCase());
      if (error instanceof FatalGitHubError) {
        outcome.fatal = error;
        break;
      }
    }
  }
  return outcome;
}

/**
 * After `already_exists` (or a rename's 404): reads the label back from GitHub, uncached, and
 * returns when it is exactly what the change wanted (and, for a rename, the old name is gone).
 * Otherwise the original error stands: someone else made a different label of that name.
 */
async function confirmLanded(
  client: GitHubClient,
  owner: string,
  repo: string,
  change: Extract<LabelChange, { action: "create" | "rename" }>,
  original: unknown,
): Promise<void> {
  const label = await getLabel(client, owner, repo, change.name, UNCACHED);
  let landed = label !== undefined && matches(label, change);
  if (landed && change.action === "rename" && change.from.toLowerCase() !== change.name.toLowerCase()) {
    landed = (await getLabel(client, owner, repo, change.from, UNCACHED)) === undefined;
  }
  if (!landed) throw original;
}

function matches(label: Label, change: { name: string; color: string; description?: string }): boolean {
  return (
    label.name === change.name &&
    label.color.toLowerCase() === change.color.toLowerCase() &&
    (change.description === undefined || (label.description ?? "") === change.description)
  );
}

async function write(hooks: ApplyHooks, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } finally {
    hooks.onWrite?.();
  }
}
