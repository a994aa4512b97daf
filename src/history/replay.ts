/**
 * The rules of "Progress over time" (docs/spec/time-and-hierarchy.md), as one pure function of (events,
 * membership, moment): the state of every epic and milestone at that moment. `status` is this
 * function at "now", so the last point of `history` and `status` cannot disagree.
 *
 * How a past state is found: from the state now, undo what happened after the moment. For each
 * fact about an item (it carries label L; it is closed; its parent is P; it is in milestone M) the
 * first event about that fact after the moment says what it was at the moment (a `labeled` after it
 * means the label was not there yet; an `unlabeled` means it was), and no event after it means it
 * was as it is now. Only events since the earliest moment asked about are needed, and a history
 * read from GitHub that starts late can never contradict the present.
 *
 * - A task joins an epic when it gains the epic's label (or an alias: aliases stitch renames) or is
 *   linked under it as a sub-issue, to any depth; it leaves when the label or link goes.
 * - A milestone's scope is the union of the tasks of the epics in it at that moment.
 * - A task closed as not planned or duplicate is out of scope (counted as `not_planned`); a reopen
 *   brings it back as open. A task created after the moment does not exist yet.
 */
import { type EpicMembership, type EpicRef, isEpicLabel, type MemberCandidate } from "../model/epics.js";
import { type IssueRef, issueKey } from "../model/work.js";
import type { CloseReason, EventLog, ItemNow, WorkEvent } from "./events.js";

/** A task's standing at a moment: in scope and open or closed, or closed as not planned. */
export type TaskStatus = "open" | "closed" | "not_planned";

export interface EpicDefinition {
  number: number;
  /** The epic labels it carries now (those starting with the prefix). */
  labels: string[];
}

export interface ReplayOptions {
  /** "org/pm". */
  pmRepo: string;
  epicPrefix: string;
  /** The model's one rule for which tasks belong to which epic (labels, sub-issues or both). */
  membership: EpicMembership;
  epics: readonly EpicDefinition[];
  /** Current milestones: number and title. */
  milestones: readonly { number: number; title: string }[];
  /** Earlier names (lower case) → the config's name (lower case), from the labels' `aliases`. */
  aliases?: ReadonlyMap<string, string>;
}

export interface MomentState {
  /** Epic number → task key → status at the moment (members only). */
  epics: Map<number, Map<string, TaskStatus>>;
  /** Epic number → the milestone number it was in at the moment, or null. */
  milestoneOf: Map<number, number | null>;
}

const NOT_PLANNED: ReadonlySet<CloseReason> = new Set(["not_planned", "duplicate"]);

/** The engine over one event log: index once, then ask for any moment. */
export class Replay {
  private readonly items = new Map<string, ItemNow>();
  private readonly eventsOf = new Map<string, WorkEvent[]>();
  private readonly aliases: ReadonlyMap<string, string>;
  private readonly milestoneByTitle = new Map<string, number>();
  /** The epics with their labels as the config names them now (aliases stitched), lower case. */
  private readonly epicRefs: EpicRef[];
  /** Every item that is, or ever was, a sub-issue of a key: what `itemAt` asks about a group. */
  private readonly potentialChildren = new Map<string, Set<string>>();

  constructor(
    readonly log: EventLog,
    readonly options: ReplayOptions,
  ) {
    this.aliases = options.aliases ?? new Map();
    for (const item of log.items) this.items.set(issueKey(item), item);
    const sorted = [...log.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    for (const event of sorted) {
      const key = issueKey(event.item);
      const list = this.eventsOf.get(key);
      if (list) list.push(event);
      else this.eventsOf.set(key, [event]);
    }
    const child = (parent: IssueRef, item: IssueRef) => {
      const set = this.potentialChildren.get(issueKey(parent)) ?? new Set<string>();
      set.add(issueKey(item));
      this.potentialChildren.set(issueKey(parent), set);
    };
    for (const item of log.items) if (item.parent) child(item.parent, item);
    for (const e of log.events)
      if (e.kind === "sub_issue_added" || e.kind === "sub_issue_removed") child(e.parent, e.item);
    for (const m of options.milestones) this.milestoneByTitle.set(m.title.toLowerCase(), m.number);
    this.learnRenamedMilestones();
    this.epicRefs = options.epics.map((epic) => ({
      number: epic.number,
      labels: epic.labels.filter((l) => isEpicLabel(l, options.epicPrefix)).map((l) => this.canonical(l)),
    }));
  }

  /** A label's name as the config knows it now (lower case): an alias stands for its label. */
  canonical(label: string): string {
    const lower = label.toLowerCase();
    return this.aliases.get(lower) ?? lower;
  }

  /**
   * GitHub's milestone events carry only the title the milestone had then. A title no current
   * milestone has, on the last `milestoned` event of an epic that is still in that milestone, is an
   * old title of the epic's current milestone.
   */
  private learnRenamedMilestones(): void {
    for (const epic of this.options.epics) {
      const item = this.items.get(issueKey({ repo: this.options.pmRepo, number: epic.number }));
      const current = item?.milestone ? this.milestoneByTitle.get(item.milestone.toLowerCase()) : undefined;
      if (current === undefined) continue;
      const events = (
        this.eventsOf.get(issueKey({ repo: this.options.pmRepo, number: epic.number })) ?? []
      ).filter((e) => e.kind === "milestoned" || e.kind === "demilestoned");
      const last = events[events.length - 1];
      if (last?.kind === "milestoned" && !this.milestoneByTitle.has(last.milestone.toLowerCase())) {
        this.milestoneByTitle.set(last.milestone.toLowerCase(), current);
      }
    }
  }

  /** The events of an item strictly after `t` (ms), oldest first. */
  private after(key: string, t: number): WorkEvent[] {
    return (this.eventsOf.get(key) ?? []).filter((e) => Date.parse(e.at) > t);
  }

  private exists(item: ItemNow, t: number): boolean {
    return Date.parse(item.createdAt) <= t;
  }

  /** The item's labels at `t`, canonical and lower case. */
  labelsAt(item: ItemNow, t: number): Set<string> {
    const key = issueKey(item);
    const now = new Set(item.labels.map((l) => this.canonical(l)));
    const decided = new Set<string>();
    const result = new Set(now);
    for (const e of this.after(key, t)) {
      if (e.kind !== "labeled" && e.kind !== "unlabeled") continue;
      const label = this.canonical(e.label);
      if (decided.has(label)) continue;
      decided.add(label);
      if (e.kind === "labeled") result.delete(label);
      else result.add(label);
    }
    return result;
  }

  /** Open, closed, or closed as not planned, at `t`. */
  statusAt(item: ItemNow, t: number): TaskStatus {
    const key = issueKey(item);
    const later = this.after(key, t).find((e) => e.kind === "closed" || e.kind === "reopened");
    if (!later) {
      if (item.state === "open") return "open";
      return item.stateReason && NOT_PLANNED.has(item.stateReason) ? "not_planned" : "closed";
    }
    if (later.kind === "closed") return "open";
    // Reopened after t: closed at t, for the reason of the last close at or before t.
    const before = (this.eventsOf.get(key) ?? []).filter((e) => Date.parse(e.at) <= t && e.kind === "closed");
    const last = before[before.length - 1];
    const reason = last?.kind === "closed" ? last.reason : "completed";
    return NOT_PLANNED.has(reason) ? "not_planned" : "closed";
  }

  /** The item's parent at `t` (sub-issues), or null. */
  parentAt(item: ItemNow, t: number): IssueRef | null {
    const key = issueKey(item);
    const candidates = new Map<string, IssueRef>();
    if (item.parent) candidates.set(issueKey(item.parent), item.parent);
    const events = this.eventsOf.get(key) ?? [];
    for (const e of events) {
      if (e.kind === "sub_issue_added" || e.kind === "sub_issue_removed")
        candidates.set(issueKey(e.parent), e.parent);
    }
    const later = this.after(key, t);
    for (const [parentKey, parent] of candidates) {
      const first = later.find(
        (e) =>
          (e.kind === "sub_issue_added" || e.kind === "sub_issue_removed") &&
          issueKey(e.parent) === parentKey,
      );
      const linked = first
        ? first.kind === "sub_issue_removed"
        : item.parent !== null && issueKey(item.parent) === parentKey;
      if (linked) return parent;
    }
    return null;
  }

  /** The milestone (number) an epic was in at `t`, or null. */
  milestoneAt(epic: number, t: number): number | null {
    const key = issueKey({ repo: this.options.pmRepo, number: epic });
    const item = this.items.get(key);
    const titles = new Set<string>();
    if (item?.milestone) titles.add(item.milestone.toLowerCase());
    for (const e of this.eventsOf.get(key) ?? []) {
      if (e.kind === "milestoned" || e.kind === "demilestoned") titles.add(e.milestone.toLowerCase());
    }
    const later = this.after(key, t);
    const nowNumber = item?.milestone ? this.milestoneByTitle.get(item.milestone.toLowerCase()) : undefined;
    for (const title of titles) {
      const number = this.milestoneByTitle.get(title);
      if (number === undefined) continue;
      const first = later.find(
        (e) =>
          (e.kind === "milestoned" || e.kind === "demilestoned") &&
          this.milestoneByTitle.get(e.milestone.toLowerCase()) === number,
      );
      const inIt = first ? first.kind === "demilestoned" : nowNumber === number;
      if (inIt) return number;
    }
    return null;
  }

  /** The chain of parents of an item at `t`, the topmost first as in `Task.ancestors` (GitHub allows 8 levels; 16 guards a cycle). */
  private ancestorsAt(key: string, parents: ReadonlyMap<string, IssueRef | null>): IssueRef[] {
    const chain: IssueRef[] = [];
    let parent = parents.get(key) ?? null;
    for (let depth = 0; parent && depth < 16; depth++) {
      chain.unshift(parent);
      parent = parents.get(issueKey(parent)) ?? null;
    }
    return chain;
  }

  /** Each item as it stood at `t`, in the shape the membership rule reads. */
  candidatesAt(t: number): { item: ItemNow; candidate: MemberCandidate }[] {
    const present = [...this.items.values()].filter((item) => this.exists(item, t));
    const parents = new Map<string, IssueRef | null>();
    const children = new Map<string, number>();
    for (const item of present) {
      const parent = this.parentAt(item, t);
      parents.set(issueKey(item), parent);
      if (parent) children.set(issueKey(parent), (children.get(issueKey(parent)) ?? 0) + 1);
    }
    return present.map((item) => {
      const key = issueKey(item);
      return {
        item,
        candidate: {
          repo: item.repo,
          number: item.number,
          labels: [...this.labelsAt(item, t)],
          ancestors: this.ancestorsAt(key, parents),
          subIssues: children.get(key) ?? 0,
        },
      };
    });
  }

  /** The state of every epic at `t` (ms since the epoch). */
  at(t: number): MomentState {
    const epics = new Map<number, Map<string, TaskStatus>>();
    const milestoneOf = new Map<number, number | null>();
    for (const epic of this.epicRefs) {
      epics.set(epic.number, new Map());
      milestoneOf.set(epic.number, this.milestoneAt(epic.number, t));
    }
    for (const { item, candidate } of this.candidatesAt(t)) {
      const mine = this.options.membership.epicsOf(candidate, this.epicRefs);
      if (mine.length === 0) continue;
      const status = this.statusAt(item, t);
      for (const epic of mine) epics.get(epic.number)?.set(issueKey(item), status);
    }
    return { epics, milestoneOf };
  }

  /**
   * One item at `t`, in the shape the membership rule reads, without looking at any other item
   * than its parents and its possible sub-issues: what the change list asks for each event.
   */
  candidateAt(item: ItemNow, t: number): MemberCandidate {
    const ancestors: IssueRef[] = [];
    let parent = this.parentAt(item, t);
    for (let depth = 0; parent && depth < 16; depth++) {
      ancestors.unshift(parent);
      const up = this.items.get(issueKey(parent));
      parent = up ? this.parentAt(up, t) : null;
    }
    let subIssues = 0;
    for (const key of this.potentialChildren.get(issueKey(item)) ?? []) {
      const c = this.items.get(key);
      const p = c && this.exists(c, t) ? this.parentAt(c, t) : null;
      if (p && issueKey(p) === issueKey(item)) subIssues++;
    }
    return {
      repo: item.repo,
      number: item.number,
      labels: [...this.labelsAt(item, t)],
      ancestors,
      subIssues,
    };
  }

  /** The epics (number → status) one item counts for at `t`: `at(t)` restricted to one item. */
  memberAt(key: string, t: number): Map<number, TaskStatus> {
    const item = this.items.get(key);
    const out = new Map<number, TaskStatus>();
    if (!item || !this.exists(item, t)) return out;
    const mine = this.options.membership.epicsOf(this.candidateAt(item, t), this.epicRefs);
    if (mine.length === 0) return out;
    const status = this.statusAt(item, t);
    for (const epic of mine) out.set(epic.number, status);
    return out;
  }

  item(key: string): ItemNow | undefined {
    return this.items.get(key);
  }

  /** Every event in (from, to] (ms), oldest first. */
  eventsBetween(from: number, to: number): WorkEvent[] {
    const all: WorkEvent[] = [];
    for (const list of this.eventsOf.values()) {
      for (const e of list) {
        const at = Date.parse(e.at);
        if (at > from && at <= to) all.push(e);
      }
    }
    return all.sort(
      (a, b) => Date.parse(a.at) - Date.parse(b.at) || issueKey(a.item).localeCompare(issueKey(b.item)),
    );
  }
}

/** The tasks of a milestone at a moment: the union of its epics' tasks (a task in two epics once). */
export function milestoneTasks(state: MomentState, milestone: number): Map<string, TaskStatus> {
  const tasks = new Map<string, TaskStatus>();
  for (const [epic, members] of state.epics) {
    if (state.milestoneOf.get(epic) !== milestone) continue;
    for (const [key, status] of members) tasks.set(key, status);
  }
  return tasks;
}

/** Scope (in-scope tasks, open or closed), closed, open and not-planned counts of a set of tasks. */
export function countStatuses(tasks: ReadonlyMap<string, TaskStatus>): {
  scope: number;
  closed: number;
  open: number;
  not_planned: number;
} {
  let closed = 0;
  let open = 0;
  let notPlanned = 0;
  for (const status of tasks.values()) {
    if (status === "closed") closed++;
    else if (status === "open") open++;
    else notPlanned++;
  }
  return { scope: closed + open, closed, open, not_planned: notPlanned };
}
