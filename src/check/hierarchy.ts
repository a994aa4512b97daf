/**
 * The hierarchy rules of `check` (docs/spec/time-and-hierarchy.md, "Epic membership"), pure: the epics, the
 * tasks found by label and the tasks found in the sub-issue trees in, problems and warnings out.
 *
 * - An epic without tasks under the configured source: warning (a new epic may be empty).
 * - A sub-issue outside the organisation: problem (waku-pm cannot label or count on it safely).
 * - Under `both`, every task in one model and not the other, with its fix: problem. The fix is
 *   what `waku-pm link-tasks` would do (the same planner, src/link/plan.ts), so a clean
 *   `link-tasks` run leaves nothing here but what GitHub's rules forbid.
 * - What GitHub's rules make impossible (a pull request, a task that has another parent, a parent
 *   already at 100, a task labelled for several epics) is a warning naming the task and the rule,
 *   so a team that has reconciled all it can is green.
 */

import { type PlanFacts, planLinks, type RefusalRule } from "../link/plan.js";
import { mergeTaskPools } from "../link/pool.js";
import { type EpicSource, epicLabelsOf, membershipFor } from "../model/epics.js";
import type { Epic, Task } from "../model/work.js";
import { issueKey } from "../model/work.js";

export type HierarchyProblemKind = "not-linked" | "not-labelled" | "outside-org";

/** A task that breaks a rule: exit 1. */
export interface HierarchyProblem {
  kind: HierarchyProblemKind;
  /** The epic concerned ("org/pm" number). */
  epic: number;
  /** The task: "org/name" and number, and its URL. */
  repo: string;
  number: number;
  url: string;
  title: string;
  /** One sentence: what is wrong and the fix. */
  problem: string;
}

export type HierarchyWarningKind = "epic-without-tasks" | RefusalRule;

export interface HierarchyWarning {
  kind: HierarchyWarningKind;
  /** The epics concerned. */
  epics: number[];
  /** The task, when the warning is about one. */
  task?: { repo: string; number: number; url: string; title: string };
  message: string;
}

export interface HierarchyInput {
  source: EpicSource;
  /** The epics to check (a milestone's, or every open one's). */
  epics: readonly Epic[];
  /** Tasks found by label (`fetchTasks`); ignored under `sub-issues` except for `both`'s rules. */
  labelTasks: readonly Task[];
  /** Tasks found in the epics' sub-issue trees (`fetchSubIssueTasks`); empty under `labels`. */
  subIssueTasks: readonly Task[];
  epicPrefix: string;
  /** "org/pm". */
  pmRepo: string;
  org: string;
  /** Optional (`fetchLinkFacts`): parents and repository labels, for exact fixes. */
  facts?: PlanFacts;
}

export interface HierarchyResult {
  problems: HierarchyProblem[];
  warnings: HierarchyWarning[];
}

function taskOf(t: Task) {
  return { repo: t.repo, number: t.number, url: t.url, title: t.title };
}

export function checkHierarchy(input: HierarchyInput): HierarchyResult {
  const { source, epics, epicPrefix, pmRepo, org } = input;
  const problems: HierarchyProblem[] = [];
  const warnings: HierarchyWarning[] = [];
  const membership = membershipFor({ pmRepo, epicPrefix, source });
  const pool = poolFor(source, input.labelTasks, input.subIssueTasks);

  for (const epic of [...epics].sort((a, b) => a.number - b.number)) {
    if (membership.tasksOf(epic, pool).length > 0) continue;
    const label = epicLabelsOf(epic, epicPrefix)[0];
    const how =
      source === "labels"
        ? `no issue or pull request carries ${label ?? "its epic label"}`
        : source === "sub-issues"
          ? "it has no sub-issues"
          : `it has no sub-issues and nothing carries ${label ?? "its epic label"}`;
    warnings.push({
      kind: "epic-without-tasks",
      epics: [epic.number],
      message: `epic ${pmRepo}#${epic.number} "${epic.title}" has no tasks: ${how}`,
    });
  }

  if (source !== "labels") {
    const seen = new Set<string>();
    for (const t of input.subIssueTasks) {
      if (t.repo.toLowerCase().startsWith(`${org.toLowerCase()}/`) || seen.has(issueKey(t))) continue;
      seen.add(issueKey(t));
      const chain = t.ancestors ?? [];
      const epicRef = chain[0];
      const parent = chain[chain.length - 1];
      problems.push({
        kind: "outside-org",
        epic: epicRef?.number ?? 0,
        ...taskOf(t),
        problem: `${t.repo}#${t.number} (${t.url}) is a sub-issue of ${parent ? `${parent.repo}#${parent.number}` : "an epic"} but outside the organisation ${org}: move it into ${org}, or unlink it`,
      });
    }
  }

  if (source === "both") {
    const plan = planLinks({
      epics,
      labelTasks: input.labelTasks,
      subIssueTasks: input.subIssueTasks,
      epicPrefix,
      pmRepo,
      org,
      ...(input.facts ? { facts: input.facts } : {}),
    });
    for (const link of plan.links) {
      problems.push({
        kind: "not-linked",
        epic: link.epic.number,
        ...taskOf(link.task),
        problem: `${link.task.repo}#${link.task.number} is labelled ${link.label} but is not a sub-issue of ${pmRepo}#${link.epic.number}: run waku-pm link-tasks, or link it on GitHub`,
      });
    }
    for (const label of plan.labels) {
      problems.push({
        kind: "not-labelled",
        epic: label.epic.number,
        ...taskOf(label.task),
        problem: `${label.task.repo}#${label.task.number} is a sub-issue of ${pmRepo}#${label.epic.number} but is not labelled ${label.label}: run waku-pm link-tasks, or add the label on GitHub`,
      });
    }
    for (const refusal of plan.refused) {
      // Already a problem above, with its own fix.
      if (refusal.rule === "other-owner") continue;
      const fixable = refusal.rule === "label-missing";
      if (fixable) {
        problems.push({
          kind: "not-labelled",
          epic: refusal.epics[0]?.number ?? 0,
          ...taskOf(refusal.task),
          problem: refusal.message,
        });
        continue;
      }
      warnings.push({
        kind: refusal.rule,
        epics: refusal.epics.map((e) => e.number),
        task: taskOf(refusal.task),
        message: refusal.message,
      });
    }
  }
  return { problems, warnings };
}

/** The tasks the source counts from (both: each once, the tree's chain kept). */
function poolFor(source: EpicSource, labelTasks: readonly Task[], subIssueTasks: readonly Task[]): Task[] {
  if (source === "labels") return [...labelTasks];
  if (source === "sub-issues") return [...subIssueTasks];
  return mergeTaskPools(labelTasks, subIssueTasks);
}
