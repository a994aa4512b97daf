/**
 * The burn-up data of a milestone and its epics (docs/spec/time-and-hierarchy.md, `history`): a point every
 * `interval` from `since`, the last on `until`, each the state at the end of its day (UTC), with
 * what changed since the previous point; and the list of changes in the period. Pure.
 */
import { issueKey } from "../model/work.js";
import type { WorkEvent } from "./events.js";
import { countStatuses, type MomentState, milestoneTasks, type Replay, type TaskStatus } from "./replay.js";

export type Interval = "day" | "week";

export interface Point {
  date: string;
  scope: number;
  closed: number;
  open: number;
  added: number;
  removed: number;
  closed_in_period: number;
  reopened: number;
  not_planned: number;
}

export type ChangeKind = "added" | "removed" | "closed" | "reopened" | "not_planned";

export interface Change {
  at: string;
  kind: ChangeKind;
  repo: string;
  number: number;
  /** The epic it concerns (a change to a task of two epics is listed once per epic). */
  epic: number;
}

export interface MilestoneSeries {
  series: Point[];
  epics: { number: number; series: Point[] }[];
  changes: Change[];
}

const DAY = 86_400_000;

/** The last millisecond of a day "YYYY-MM-DD" (UTC): a point dated D is the state at the end of D. */
export function endOfDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) + DAY - 1;
}

export function toDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The point dates: every 1 or 7 days from `since`, and `until` last (never twice). */
export function pointDates(since: string, until: string, interval: Interval): string[] {
  const step = interval === "day" ? DAY : 7 * DAY;
  const start = Date.parse(`${since}T00:00:00Z`);
  const end = Date.parse(`${until}T00:00:00Z`);
  const dates: string[] = [];
  for (let t = start; t < end; t += step) dates.push(toDay(t));
  dates.push(until);
  return dates;
}

/** What changed between two sets of a group's members (task key → status). */
function delta(
  before: ReadonlyMap<string, TaskStatus>,
  after: ReadonlyMap<string, TaskStatus>,
): Omit<Point, "date" | "scope" | "closed" | "open"> {
  let added = 0;
  let removed = 0;
  let closed = 0;
  let reopened = 0;
  let notPlanned = 0;
  for (const [key, now] of after) {
    const was = before.get(key);
    if (was === undefined) added++;
    if (now === "closed" && was !== "closed") closed++;
    if (now === "not_planned" && was !== "not_planned") notPlanned++;
    if (now === "open" && (was === "closed" || was === "not_planned")) reopened++;
  }
  for (const key of before.keys()) if (!after.has(key)) removed++;
  return { added, removed, closed_in_period: closed, reopened, not_planned: notPlanned };
}

function point(
  date: string,
  before: ReadonlyMap<string, TaskStatus>,
  after: ReadonlyMap<string, TaskStatus>,
): Point {
  const { scope, closed, open } = countStatuses(after);
  return { date, scope, closed, open, ...delta(before, after) };
}

/**
 * The series of one milestone (its scope as its epics moved in and out) and of each epic that was
 * in it at any point, from `since` to `until`.
 */
export function milestoneSeries(
  replay: Replay,
  milestone: number,
  options: { since: string; until: string; interval: Interval },
): MilestoneSeries {
  const dates = pointDates(options.since, options.until, options.interval);
  // The state just before the period: the first point's deltas count nothing before `since`.
  const startMs = Date.parse(`${options.since}T00:00:00Z`) - 1;
  const moments: MomentState[] = [replay.at(startMs), ...dates.map((d) => replay.at(endOfDay(d)))];
  const series: Point[] = [];
  for (let i = 1; i < moments.length; i++) {
    const before = milestoneTasks(moments[i - 1] as MomentState, milestone);
    const after = milestoneTasks(moments[i] as MomentState, milestone);
    series.push(point(dates[i - 1] as string, before, after));
  }
  const epicNumbers = [...(moments[0]?.epics.keys() ?? [])].filter((n) =>
    moments.some((m) => m.milestoneOf.get(n) === milestone),
  );
  const epics = epicNumbers.map((number) => {
    const epicSeries: Point[] = [];
    for (let i = 1; i < moments.length; i++) {
      const members = (m: MomentState) => m.epics.get(number) ?? new Map<string, TaskStatus>();
      epicSeries.push(
        point(
          dates[i - 1] as string,
          members(moments[i - 1] as MomentState),
          members(moments[i] as MomentState),
        ),
      );
    }
    return { number, series: epicSeries };
  });
  const changes = listChanges(replay, milestone, startMs, endOfDay(options.until));
  return { series, epics, changes };
}

/**
 * Each event in the period that changed a task's standing under the milestone, as the change it
 * made: the item's membership (per epic of the milestone) and status just before and just after.
 */
function listChanges(replay: Replay, milestone: number, from: number, to: number): Change[] {
  const changes: Change[] = [];
  // Events at the same instant (GitHub's demilestoned + milestoned of one move) are one change.
  const instants = new Map<number, WorkEvent[]>();
  for (const event of replay.eventsBetween(from, to)) {
    const t = Date.parse(event.at);
    instants.set(t, [...(instants.get(t) ?? []), event]);
  }
  for (const [t, events] of instants) {
    const at = (events[0] as WorkEvent).at;
    // A milestone move or a sub-issue link can move many tasks at once: compare whole states.
    // Anything else moves only its own item: compare that item alone, which is far cheaper.
    const wide = events.some(
      (e) => e.kind === "milestoned" || e.kind === "demilestoned" || e.kind.startsWith("sub_issue"),
    );
    let before: MomentState;
    let after: MomentState;
    let touched: Set<string>;
    if (wide) {
      before = replay.at(t - 1);
      after = replay.at(t);
      touched = new Set(events.flatMap((event) => [...touchedKeys(event, before, after, replay)]));
    } else {
      touched = new Set(events.map((e) => issueKey(e.item)));
      const epicsBefore = new Map<number, Map<string, TaskStatus>>();
      const epicsAfter = new Map<number, Map<string, TaskStatus>>();
      for (const key of touched) {
        for (const [epic, status] of replay.memberAt(key, t - 1)) {
          epicsBefore.set(epic, (epicsBefore.get(epic) ?? new Map()).set(key, status));
        }
        for (const [epic, status] of replay.memberAt(key, t)) {
          epicsAfter.set(epic, (epicsAfter.get(epic) ?? new Map()).set(key, status));
        }
      }
      const numbers = [...new Set([...epicsBefore.keys(), ...epicsAfter.keys()])];
      before = {
        epics: epicsBefore,
        milestoneOf: new Map(numbers.map((n) => [n, replay.milestoneAt(n, t - 1)])),
      };
      after = { epics: epicsAfter, milestoneOf: new Map(numbers.map((n) => [n, replay.milestoneAt(n, t)])) };
    }
    for (const epic of new Set([...before.epics.keys(), ...after.epics.keys()])) {
      const inBefore = before.milestoneOf.get(epic) === milestone;
      const inAfter = after.milestoneOf.get(epic) === milestone;
      if (!inBefore && !inAfter) continue;
      for (const key of touched) {
        const was = inBefore ? before.epics.get(epic)?.get(key) : undefined;
        const now = inAfter ? after.epics.get(epic)?.get(key) : undefined;
        const kind = changeKind(was, now);
        if (!kind) continue;
        const item = replay.item(key);
        const [repo = "", number = "0"] = key.split("#");
        changes.push({ at, kind, repo: item?.repo ?? repo, number: item?.number ?? Number(number), epic });
      }
    }
  }
  return changes;
}

/** The items an event may have moved: the item itself, or every member of an epic that moved. */
function touchedKeys(event: WorkEvent, before: MomentState, after: MomentState, replay: Replay): Set<string> {
  const keys = new Set<string>([issueKey(event.item)]);
  if (event.kind === "milestoned" || event.kind === "demilestoned") {
    const epic = replay.options.epics.find(
      (e) => issueKey({ repo: replay.options.pmRepo, number: e.number }) === issueKey(event.item),
    );
    if (epic) {
      for (const k of before.epics.get(epic.number)?.keys() ?? []) keys.add(k);
      for (const k of after.epics.get(epic.number)?.keys() ?? []) keys.add(k);
    }
  }
  if (event.kind === "sub_issue_added" || event.kind === "sub_issue_removed") {
    // A group linked or unlinked moves its leaves: compare every member of every epic.
    for (const state of [before, after])
      for (const m of state.epics.values()) for (const k of m.keys()) keys.add(k);
  }
  return keys;
}

function changeKind(was: TaskStatus | undefined, now: TaskStatus | undefined): ChangeKind | undefined {
  if (was === undefined && now !== undefined) return "added";
  if (was !== undefined && now === undefined) return "removed";
  if (was === now || was === undefined || now === undefined) return undefined;
  if (now === "closed") return "closed";
  if (now === "not_planned") return "not_planned";
  return "reopened";
}
