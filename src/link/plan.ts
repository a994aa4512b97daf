/**
 * The pure planner of `link-tasks` (docs/spec/time-and-hierarchy.md, "Epic membership"), also the rule
 * `check` applies under `source: both`: what it would take for the label model and the sub-issue
 * model of the same epics to agree.
 *
 * - A task labelled with an epic's label that is not in that epic's sub-issue tree is to be
 *   linked, as a direct sub-issue of the epic.
 * - A task in an epic's sub-issue tree (any depth) that does not carry the epic's label is to be
 *   labelled. Groups (issues with sub-issues of their own) are not tasks and are not labelled.
 * - Nothing is ever unlinked or unlabelled: the plan only adds.
 * - What GitHub's rules make impossible is refused, with the rule, instead of planned: a pull
 *   request (never a sub-issue), a task with another parent (one parent per issue), a parent at
 *   100 sub-issues, a sub-issue outside the organisation (waku-pm does not write there), and what
 *   waku-pm will not guess: a task labelled for several epics and linked to none (which one is its
 *   parent?), an epic without exactly one epic label, a repository without the epic label (adding
 *   it would make GitHub create it grey: sync-labels creates it properly).
 *
 * `facts` (what GitHub says of each candidate: parent, database id, labels of the repositories)
 * sharpen the plan; without them the plan uses what the two task lists show.
 */
import { epicLabelsOf, hasLabel, LabelMembership, SubIssueMembership } from "../model/epics.js";
import { type Epic, type IssueRef, issueKey, type Task } from "../model/work.js";

/** GitHub's limit of sub-issues per parent. */
export const SUB_ISSUES_PER_PARENT = 100;

export type RefusalRule =
  | "pull-request"
  | "other-parent"
  | "parent-full"
  | "other-owner"
  | "several-epics"
  | "epic-label"
  | "label-missing"
  | "archived"
  | "unreadable";

/** Link `task` as a sub-issue of `epic`. */
export interface PlannedLink {
  epic: Epic;
  task: Task;
  /** The epic label the task carries (why it belongs). */
  label: string;
}

/** Give `task` the label of `epic`. */
export interface PlannedLabel {
  epic: Epic;
  task: Task;
  label: string;
}

/** Something that would make the models agree but GitHub (or prudence) forbids. */
export interface Refusal {
  /** Every epic concerned (several for `several-epics`). */
  epics: Epic[];
  task: Task;
  /** Which model has the task: "label" (labelled, not linked) or "sub-issue" (linked, not labelled). */
  side: "label" | "sub-issue";
  rule: RefusalRule;
  /** One sentence naming the task, the epic and the rule, and what to do. */
  message: string;
}

export interface LinkPlan {
  links: PlannedLink[];
  labels: PlannedLabel[];
  refused: Refusal[];
  /** Tasks already in both models for an epic (pairs of task and epic). */
  agreed: number;
}

/** What GitHub says of the candidates (src/github/sub-issues.ts `fetchLinkFacts`), by issueKey. */
export interface PlanFacts {
  items: ReadonlyMap<
    string,
    { databaseId: number; pullRequest: boolean; parent: IssueRef | null; subIssues: number }
  >;
  /** Per repository ("org/name" lower case), the epic labels it has (lower case). */
  labels: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface PlanInput {
  /** The epics to reconcile (those of the chosen milestones). */
  epics: readonly Epic[];
  /** Tasks found by label (`fetchTasks` over the epics' labels). */
  labelTasks: readonly Task[];
  /** Tasks found in the epics' sub-issue trees (`fetchSubIssueTasks`), with `ancestors`. */
  subIssueTasks: readonly Task[];
  epicPrefix: string;
  /** "org/pm": the repository of the epics. */
  pmRepo: string;
  org: string;
  facts?: PlanFacts;
  /** Repositories ("org/name", any case) that are archived: nothing is written there. */
  archived?: readonly string[];
}

function ref(task: IssueRef): string {
  return `${task.repo}#${task.number}`;
}

function inOrg(repo: string, org: string): boolean {
  return repo.toLowerCase().startsWith(`${org.toLowerCase()}/`);
}

export function planLinks(input: PlanInput): LinkPlan {
  const { epics, epicPrefix, pmRepo, org, facts } = input;
  const byLabel = new LabelMembership(pmRepo, epicPrefix);
  const bySubIssue = new SubIssueMembership(pmRepo);
  const tree = new Map(input.subIssueTasks.map((t) => [issueKey(t), t]));
  const archived = new Set((input.archived ?? []).map((r) => r.toLowerCase()));
  const epicKey = (e: Pick<Epic, "number">) => issueKey({ repo: pmRepo, number: e.number });
  const isEpic = new Set(epics.map(epicKey));
  const epicName = (e: Epic) => `${pmRepo}#${e.number}`;

  const plan: LinkPlan = { links: [], labels: [], refused: [], agreed: 0 };
  const refusedOnce = new Set<string>();
  const refuse = (r: Refusal): void => {
    const key = `${issueKey(r.task)}|${r.rule}|${r.epics.map((e) => e.number).join(",")}|${r.side}`;
    if (refusedOnce.has(key)) return;
    refusedOnce.add(key);
    plan.refused.push(r);
  };

  // Direct sub-issues per epic: the tree's first level, or GitHub's own count when known.
  const children = new Map<number, number>();
  for (const epic of epics) {
    const known = facts?.items.get(epicKey(epic))?.subIssues;
    const seen = input.subIssueTasks.filter(
      (t) =>
        t.ancestors?.length && issueKey(t.ancestors[t.ancestors.length - 1] as IssueRef) === epicKey(epic),
    ).length;
    children.set(epic.number, Math.max(known ?? 0, seen));
  }

  // ---- labelled but not linked: link -----------------------------------------------------------
  const labelled = new Map<string, Task>();
  for (const t of input.labelTasks) if (!labelled.has(issueKey(t))) labelled.set(issueKey(t), t);
  for (const task of [...labelled.values()].sort(byRef)) {
    const key = issueKey(task);
    if (isEpic.has(key)) continue;
    const linked = tree.get(key);
    // The label read's labels with the tree's chain: the task as both models see it.
    const seen: Task = linked ? { ...task, ancestors: linked.ancestors ?? [] } : task;
    const mine = epics.filter((e) => byLabel.belongsTo(seen, e));
    const missing = mine.filter((e) => !bySubIssue.belongsTo(seen, e));
    plan.agreed += mine.length - missing.length;
    if (missing.length === 0) continue;
    const fact = facts?.items.get(key);
    const labelOf = (e: Epic) => epicLabelsOf(e, epicPrefix).find((l) => hasLabel(task, l)) ?? "";
    const say = (e: Epic) =>
      `${ref(task)} is labelled ${labelOf(e)} but is not a sub-issue of ${epicName(e)}`;
    if (task.pullRequest || fact?.pullRequest) {
      for (const e of missing) {
        refuse({
          epics: [e],
          task,
          side: "label",
          rule: "pull-request",
          message: `${say(e)}: it is a pull request, and GitHub cannot make a pull request a sub-issue (it counts by its label only)`,
        });
      }
      continue;
    }
    const currentParent = fact?.parent ?? nearestParent(linked);
    if (currentParent || (linked?.ancestors?.length ?? 0) > 0) {
      const parent = currentParent ? ref(currentParent) : "another issue";
      for (const e of missing) {
        refuse({
          epics: [e],
          task,
          side: "label",
          rule: "other-parent",
          message: `${say(e)}: it is already a sub-issue of ${parent}, and GitHub allows one parent per issue (move it on GitHub, or remove the label)`,
        });
      }
      continue;
    }
    if (missing.length > 1) {
      refuse({
        epics: missing,
        task,
        side: "label",
        rule: "several-epics",
        message: `${ref(task)} is labelled for ${missing.length} epics (${missing.map(epicName).join(", ")}) and is a sub-issue of none: GitHub allows one parent, so link it on GitHub under the one it belongs to`,
      });
      continue;
    }
    const epic = missing[0] as Epic;
    if (facts && !fact) {
      refuse({
        epics: [epic],
        task,
        side: "label",
        rule: "unreadable",
        message: `${say(epic)}: GitHub did not answer for it (deleted or moved?), so it is left alone`,
      });
      continue;
    }
    const count = children.get(epic.number) ?? 0;
    if (count >= SUB_ISSUES_PER_PARENT) {
      refuse({
        epics: [epic],
        task,
        side: "label",
        rule: "parent-full",
        message: `${say(epic)}: ${epicName(epic)} already has ${SUB_ISSUES_PER_PARENT} sub-issues, GitHub's limit per parent (group some under a sub-issue of it)`,
      });
      continue;
    }
    children.set(epic.number, count + 1);
    plan.links.push({ epic, task, label: labelOf(epic) });
  }

  // ---- linked but not labelled: label ----------------------------------------------------------
  for (const sub of [...input.subIssueTasks].sort(byRef)) {
    const key = issueKey(sub);
    if (isEpic.has(key) || (sub.subIssues ?? 0) > 0) continue;
    const task: Task = labelled.has(key) ? { ...sub, labels: (labelled.get(key) as Task).labels } : sub;
    for (const epic of epics) {
      if (!bySubIssue.belongsTo(task, epic)) continue;
      if (byLabel.belongsTo(task, epic)) {
        // Counted in the loop above when the label read found it.
        if (!labelled.has(key)) plan.agreed++;
        continue;
      }
      const own = epicLabelsOf(epic, epicPrefix);
      const say = `${ref(task)} is a sub-issue of ${epicName(epic)} but is not labelled ${own[0] ?? `with an epic label`}`;
      const base = { epics: [epic], task, side: "sub-issue" as const };
      if (!inOrg(task.repo, org)) {
        refuse({
          ...base,
          rule: "other-owner",
          message: `${say}: it is outside the organisation ${org} (${task.url}), where waku-pm does not write; move it to ${org} or unlink it`,
        });
      } else if (own.length !== 1) {
        refuse({
          ...base,
          rule: "epic-label",
          message:
            own.length === 0
              ? `${say}: ${epicName(epic)} has no label starting with "${epicPrefix}" to give it (add the epic's label)`
              : `${say}: ${epicName(epic)} has ${own.length} epic labels (${own.join(", ")}); keep exactly one, then run link-tasks again`,
        });
      } else if (archived.has(task.repo.toLowerCase())) {
        refuse({
          ...base,
          rule: "archived",
          message: `${say}: ${task.repo} is archived, so read-only`,
        });
      } else if (facts && !facts.labels.get(task.repo.toLowerCase())?.has((own[0] as string).toLowerCase())) {
        refuse({
          ...base,
          rule: "label-missing",
          message: `${say}: ${task.repo} has no label "${own[0]}"; run waku-pm sync-labels to create it (link-tasks does not: GitHub would make it grey, without its description), then link-tasks again`,
        });
      } else {
        plan.labels.push({ epic, task, label: own[0] as string });
      }
    }
  }
  return plan;
}

/** The parent the tree shows for a task (the last of its ancestors), if any. */
function nearestParent(task: Task | undefined): IssueRef | undefined {
  const chain = task?.ancestors ?? [];
  return chain[chain.length - 1];
}

function byRef(a: IssueRef, b: IssueRef): number {
  const ra = a.repo.toLowerCase();
  const rb = b.repo.toLowerCase();
  return ra < rb ? -1 : ra > rb ? 1 : a.number - b.number;
}
