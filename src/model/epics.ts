/**
 * The rules about epics, in one place for `status`, `report`, `check` and `history` alike:
 * which label marks an epic, how an epic's own label is found, and which tasks belong to it.
 *
 * The membership rule is an interface (`EpicMembership`) so that a second rule (GitHub sub-issues,
 * docs/spec/time-and-hierarchy.md "Epic membership") plugs in without touching the commands. The rule for
 * a task that belongs to two epics is decided here, once: **it counts for each epic** (each epic's
 * own progress includes it), and a milestone's totals count it once. `report` lists its updates
 * under each of its epics for the same reason.
 */
import { type Epic, type IssueRef, issueKey, type Task } from "./work.js";

/** The label every epic issue carries (docs/spec/data-model.md); `epics.marker_label` in the config. */
export const EPIC_MARKER_LABEL = "epic";
/** The label milestone tracking issues carry (docs/spec/data-model.md). */
export const TRACKING_LABEL = "milestone";

/** Whether a label name starts with the epic prefix ("E:"), ignoring case as GitHub does. */
export function isEpicLabel(name: string, epicPrefix: string): boolean {
  return epicPrefix !== "" && name.toLowerCase().startsWith(epicPrefix.toLowerCase());
}

/**
 * The epic labels of an epic: its labels starting with the configured prefix (ignoring case).
 * docs/spec/data-model.md says exactly one; none or several is a warning for `status` and a problem for `check`.
 */
export function epicLabelsOf(epic: Pick<Epic, "labels">, epicPrefix: string): string[] {
  return epic.labels.filter((name) => isEpicLabel(name, epicPrefix));
}

/** Whether an item carries a label, compared ignoring case as GitHub does. */
export function hasLabel(item: Pick<Task, "labels">, label: string): boolean {
  const wanted = label.toLowerCase();
  return item.labels.some((name) => name.toLowerCase() === wanted);
}

/** Open first, then repository, then number: what the program manager reads first is what is left. */
export function compareTasks(a: Task, b: Task): number {
  if (a.state !== b.state) return a.state === "open" ? -1 : 1;
  if (a.repo !== b.repo) return a.repo < b.repo ? -1 : 1;
  return a.number - b.number;
}

/** What a membership rule needs to know of an item: where it is, its labels, its parents. */
export type MemberCandidate = IssueRef &
  Pick<Task, "labels"> &
  Pick<Partial<Task>, "ancestors" | "subIssues">;

/** What a membership rule needs to know of an epic. */
export type EpicRef = Pick<Epic, "number" | "labels">;

/** Which tasks belong to which epic. */
export interface EpicMembership {
  /** The pm repository ("org/pm"): the epic issues live there and are never their own tasks. */
  readonly pmRepo: string;
  /** The epics (among `epics`) that an item counts for: every one of them. */
  epicsOf<E extends EpicRef>(item: MemberCandidate, epics: readonly E[]): E[];
  /**
   * The tasks of one epic among every fetched candidate, each once, the epic itself never, open
   * first. Groups (issues that have sub-issues of their own) are not tasks: their leaves are.
   */
  tasksOf<T extends Task>(epic: EpicRef, pool: readonly T[]): T[];
  /**
   * The groups under an epic: members that have sub-issues of their own. Shown (an `--epic`
   * listing names them), never counted: their leaves are the tasks.
   */
  groupsOf<T extends Task>(epic: EpicRef, pool: readonly T[]): T[];
  /** What the epics' definitions make uncertain (no label, several, one shared), for stderr. */
  warnings(epics: readonly Pick<Epic, "number" | "labels" | "title">[]): string[];
}

/** The shared part of every rule: a task of an epic is a candidate the rule assigns to it. */
abstract class MembershipBase implements EpicMembership {
  constructor(readonly pmRepo: string) {}

  abstract belongsTo(item: MemberCandidate, epic: EpicRef): boolean;
  abstract warnings(epics: readonly Pick<Epic, "number" | "labels" | "title">[]): string[];

  protected isEpicItself(item: IssueRef, epic: EpicRef): boolean {
    return issueKey(item) === issueKey({ repo: this.pmRepo, number: epic.number });
  }

  epicsOf<E extends EpicRef>(item: MemberCandidate, epics: readonly E[]): E[] {
    // A group (an issue with sub-issues of its own) is not a task: its leaves are.
    if ((item.subIssues ?? 0) > 0) return [];
    return epics.filter((epic) => !this.isEpicItself(item, epic) && this.belongsTo(item, epic));
  }

  groupsOf<T extends Task>(epic: EpicRef, pool: readonly T[]): T[] {
    const seen = new Set<string>();
    return pool
      .filter((t) => {
        const key = issueKey(t);
        if (seen.has(key) || (t.subIssues ?? 0) === 0 || this.isEpicItself(t, epic)) return false;
        seen.add(key);
        return this.belongsTo(t, epic);
      })
      .sort(compareTasks);
  }

  tasksOf<T extends Task>(epic: EpicRef, pool: readonly T[]): T[] {
    const seen = new Set<string>();
    const mine: T[] = [];
    for (const task of pool) {
      const key = issueKey(task);
      if (seen.has(key) || this.isEpicItself(task, epic) || (task.subIssues ?? 0) > 0) continue;
      if (!this.belongsTo(task, epic)) continue;
      seen.add(key);
      mine.push(task);
    }
    return mine.sort(compareTasks);
  }
}

/**
 * The 2023 model (docs/spec/data-model.md): an epic's tasks are the issues and pull requests, in any
 * repository, that carry one of its epic labels. An epic with several epic labels collects the
 * tasks of each; a label shared by two epics gives its tasks to both.
 */
export class LabelMembership extends MembershipBase {
  constructor(
    pmRepo: string,
    readonly epicPrefix: string,
  ) {
    super(pmRepo);
  }

  belongsTo(item: MemberCandidate, epic: EpicRef): boolean {
    return epicLabelsOf(epic, this.epicPrefix).some((label) => hasLabel(item, label));
  }

  /** Every epic label of the given epics, once (what the task reads filter on). */
  labelsOf(epics: readonly EpicRef[]): string[] {
    const seen = new Map<string, string>();
    for (const epic of epics) {
      for (const label of epicLabelsOf(epic, this.epicPrefix)) {
        if (!seen.has(label.toLowerCase())) seen.set(label.toLowerCase(), label);
      }
    }
    return [...seen.values()];
  }

  /** Warnings about the epics' labels: none, several, or one label shared by two epics. */
  warnings(epics: readonly Pick<Epic, "number" | "labels" | "title">[]): string[] {
    const warnings: string[] = [];
    const owners = new Map<string, number[]>();
    for (const epic of epics) {
      const labels = epicLabelsOf(epic, this.epicPrefix);
      const where = `epic ${this.pmRepo}#${epic.number} "${epic.title}"`;
      if (labels.length === 0) {
        warnings.push(
          `${where} has no label starting with "${this.epicPrefix}", so no task can be counted for it; add its epic label`,
        );
      } else if (labels.length > 1) {
        warnings.push(
          `${where} has ${labels.length} epic labels (${labels.join(", ")}); tasks carrying any of them are counted; keep exactly one`,
        );
      }
      for (const label of labels) {
        const key = label.toLowerCase();
        owners.set(key, [...(owners.get(key) ?? []), epic.number]);
      }
    }
    for (const [label, numbers] of owners) {
      if (numbers.length > 1) {
        const original = epics.flatMap((e) => e.labels).find((l) => l.toLowerCase() === label) ?? label;
        warnings.push(
          `epic label ${original} is carried by ${numbers.length} epics (${numbers.map((n) => `#${n}`).join(", ")}); its tasks count for each`,
        );
      }
    }
    return warnings;
  }
}

/**
 * The 2025 model (docs/spec/time-and-hierarchy.md): an epic's tasks are its sub-issues and theirs, to any
 * depth; the fetch records each task's chain of parents (`ancestors`). Issues with sub-issues of
 * their own are groups: shown, but their leaves are what is counted.
 */
export class SubIssueMembership extends MembershipBase {
  belongsTo(item: MemberCandidate, epic: EpicRef): boolean {
    const self = issueKey({ repo: this.pmRepo, number: epic.number });
    return (item.ancestors ?? []).some((parent) => issueKey(parent) === self);
  }

  warnings(): string[] {
    return [];
  }
}

/** `both`: an epic's tasks are the union of what the label rule and the sub-issue rule give it. */
export class UnionMembership implements EpicMembership {
  readonly pmRepo: string;

  constructor(
    readonly labels: LabelMembership,
    readonly subIssues: SubIssueMembership,
  ) {
    this.pmRepo = labels.pmRepo;
  }

  epicsOf<E extends EpicRef>(item: MemberCandidate, epics: readonly E[]): E[] {
    const mine = new Set([...this.labels.epicsOf(item, epics), ...this.subIssues.epicsOf(item, epics)]);
    return epics.filter((e) => mine.has(e));
  }

  tasksOf<T extends Task>(epic: EpicRef, pool: readonly T[]): T[] {
    const byKey = new Map<string, T>();
    for (const t of [...this.labels.tasksOf(epic, pool), ...this.subIssues.tasksOf(epic, pool)]) {
      byKey.set(issueKey(t), t);
    }
    return [...byKey.values()].sort(compareTasks);
  }

  groupsOf<T extends Task>(epic: EpicRef, pool: readonly T[]): T[] {
    const byKey = new Map<string, T>();
    for (const t of [...this.labels.groupsOf(epic, pool), ...this.subIssues.groupsOf(epic, pool)]) {
      byKey.set(issueKey(t), t);
    }
    return [...byKey.values()].sort(compareTasks);
  }

  warnings(epics: readonly Pick<Epic, "number" | "labels" | "title">[]): string[] {
    return this.labels.warnings(epics);
  }
}

export type EpicSource = "labels" | "sub-issues" | "both";

/** The membership rule a config asks for (`epics.source`, default labels). */
export function membershipFor(options: {
  pmRepo: string;
  epicPrefix: string;
  source?: EpicSource;
}): EpicMembership {
  const labels = new LabelMembership(options.pmRepo, options.epicPrefix);
  switch (options.source ?? "labels") {
    case "labels":
      return labels;
    case "sub-issues":
      return new SubIssueMembership(options.pmRepo);
    case "both":
      return new UnionMembership(labels, new SubIssueMembership(options.pmRepo));
  }
}
