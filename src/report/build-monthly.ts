/**
 * The pure core of the monthly report (docs/spec/time-and-hierarchy.md, "The monthly report"): the weekly
 * pipeline's grouped updates (`buildReport` over the period) plus the progress of each milestone
 * and epic from the history replay. No I/O, no formatting.
 *
 * Progress is read at day ends (UTC), as `history` reads it: the start is the state at the end of
 * the day before the period's first day, the end the state at the end of its last day (for a month,
 * exactly [first day 00:00, first day of the next month)). The lists are net: a task closed and
 * reopened within the month is not "closed", one added and removed again is in neither list, so
 * end = start + added − removed holds for the scope.
 *
 * Milestones shown: every milestone open now that existed by the period's end, and any other with
 * movement (a change to its scope or status) or weekly updates in the period; in the weekly
 * report's order (open first, soonest due date first), which is the order the seed document used.
 *
 * Cost: the replay is asked for the state at each day end of the period (and of the forecast's
 * trailing weeks) once, shared by every milestone and epic: the weekly points are `history`'s
 * point dates, the forecasts `history`'s forecast over those days, and "movement" is a difference
 * between consecutive day ends. Asking per milestone and per event instant instead (as
 * `buildHistory` does for its list of changes) took 11 s on the demo organisation.
 */

import { type DailyState, forecastFinish } from "../history/forecast.js";
import {
  countStatuses,
  type MomentState,
  milestoneTasks,
  type Replay,
  type TaskStatus,
} from "../history/replay.js";
import { endOfDay, pointDates, toDay } from "../history/series.js";
import { type EpicMembership, type EpicRef, epicLabelsOf, type MemberCandidate } from "../model/epics.js";
import { percentOf } from "../model/progress.js";
import type { Epic, Milestone } from "../model/work.js";
import { issueKey } from "../model/work.js";
import { sortMilestones } from "./build-report.js";
import type {
  EpicSection,
  Mention,
  MilestoneSection,
  MonthlyMilestone,
  MonthlyReport,
  OtherWork,
  PeriodEpic,
  PeriodTask,
  ProgressCount,
  Report,
  TaskEntry,
  Update,
  UpdateSource,
} from "./model.js";
import { updateItems } from "./parse-update.js";

export interface MonthlyInput {
  org: string;
  pmRepo: string;
  epicPrefix: string;
  period: { since: Date; until: Date; month: string | null; complete: boolean };
  milestones: readonly Milestone[];
  epics: readonly Epic[];
  replay: Replay;
  /** `buildReport` over the same period: the updates, grouped as the weekly report groups them. */
  weekly: Report;
  /** Weeks of throughput behind each forecast (default 4, as `history`). */
  basis?: number;
}

const DAY = 86_400_000;

export function buildMonthlyReport(input: MonthlyInput): MonthlyReport {
  const { replay, weekly, org } = input;
  const basis = input.basis ?? 4;
  const pm = `${org}/${input.pmRepo}`;
  const sinceDay = toDay(input.period.since.getTime());
  const lastDay = toDay(input.period.until.getTime() - 1);
  const startT = Date.parse(`${sinceDay}T00:00:00Z`) - 1;
  const endT = endOfDay(lastDay);
  const epicByNumber = new Map(input.epics.map((e) => [e.number, e]));

  // Every day end from the day before the period (its start) or the forecast's first day, whichever
  // is earlier, to the period's last day.
  const lastMs = Date.parse(`${lastDay}T00:00:00Z`);
  const firstMs = Math.min(startT + 1 - DAY, lastMs - 7 * basis * DAY);
  const daily = new Map<string, MomentState>();
  for (let t = firstMs; t <= lastMs; t += DAY) daily.set(toDay(t), replay.at(endOfDay(toDay(t))));
  const at = (date: string) => daily.get(date) as MomentState;
  const state0 = at(toDay(startT));
  const state1 = at(lastDay);
  const periodDays = [...daily.keys()].filter((d) => d >= toDay(startT));
  const forecastDays = [...daily.keys()].filter((d) => d >= toDay(lastMs - 7 * basis * DAY));
  const points = pointDates(sinceDay, lastDay, "week");
  const events = replay.eventsBetween(startT, endT);

  const epicStatus = (number: number, t: number): TaskStatus => {
    const item = replay.item(issueKey({ repo: pm, number }));
    if (item) return replay.statusAt(item, t);
    return epicByNumber.get(number)?.state === "closed" ? "closed" : "open";
  };

  const milestones: MonthlyMilestone[] = [];
  for (const m of sortMilestones([...input.milestones])) {
    const tasksOn = (date: string) => milestoneTasks(at(date), m.number);
    const moved = periodDays.some(
      (d, i) => i > 0 && !sameTasks(tasksOn(periodDays[i - 1] as string), tasksOn(d)),
    );
    const section = weekly.milestones.find((s) => s.number === m.number);
    const hasUpdates = section !== undefined && (section.updates.length > 0 || section.epics.length > 0);
    const existed = !m.createdAt || Date.parse(m.createdAt) <= endT;
    if (!(moved || hasUpdates || (m.state === "open" && existed))) continue;

    const before = milestoneTasks(state0, m.number);
    const after = milestoneTasks(state1, m.number);
    const epicsAt = (state: MomentState) =>
      [...state.milestoneOf]
        .filter(([, ms]) => ms === m.number)
        .map(([n]) => n)
        .sort((a, b) => a - b);
    const epicOf = (state: MomentState, key: string) =>
      epicsAt(state).find((n) => state.epics.get(n)?.has(key)) ?? null;
    // When, if an event of the task itself says (an epic moved into the milestone moves its tasks
    // without one).
    const lastChange = (key: string, kinds: string[]) =>
      events.filter((e) => kinds.includes(e.kind) && issueKey(e.item) === key).at(-1)?.at ?? null;
    const task = (key: string, state: MomentState, kinds: string[]): PeriodTask => {
      const item = replay.item(key);
      const [repo = "", number = "0"] = key.split("#");
      return {
        repo: item?.repo ?? repo,
        number: item?.number ?? Number(number),
        title: item?.title ?? key,
        url: item?.url ?? "",
        epic: epicOf(state, key),
        at: lastChange(key, kinds),
      };
    };
    const inScope = (s: TaskStatus | undefined) => s === "open" || s === "closed";

    const closedTasks: PeriodTask[] = [];
    const addedTasks: PeriodTask[] = [];
    const reopenedTasks: PeriodTask[] = [];
    for (const [key, now] of after) {
      const was = before.get(key);
      if (now === "closed" && was !== "closed") closedTasks.push(task(key, state1, ["closed"]));
      if (inScope(now) && !inScope(was)) {
        addedTasks.push(task(key, state1, ["labeled", "sub_issue_added", "reopened"]));
      }
      if (now === "open" && was === "closed") reopenedTasks.push(task(key, state1, ["reopened"]));
    }
    const removedTasks: PeriodTask[] = [];
    for (const [key, was] of before) {
      const now = after.get(key);
      if (!inScope(was) || inScope(now)) continue;
      const reason = now === "not_planned" ? "not_planned" : "left";
      removedTasks.push({
        ...task(key, state0, reason === "not_planned" ? ["closed"] : ["unlabeled", "sub_issue_removed"]),
        reason,
      });
    }

    const epicMoved = (n: number) =>
      periodDays.some(
        (d, i) =>
          i > 0 &&
          !sameTasks(
            at(periodDays[i - 1] as string).epics.get(n) ?? new Map(),
            at(d).epics.get(n) ?? new Map(),
          ),
      );
    const activeEpics = new Set(epicsAt(state1).filter(epicMoved));
    for (const e of section?.epics ?? []) activeEpics.add(e.number);
    const epicsClosed = epicsAt(state1)
      .filter((n) => epicStatus(n, endT) === "closed" && epicStatus(n, startT) !== "closed")
      .map((n) => epicRef(n, epicByNumber.get(n)));
    const epics: PeriodEpic[] = epicsAt(state1)
      .filter((n) => epicStatus(n, endT) === "open")
      .map((n) => {
        const epic = epicByNumber.get(n);
        const start = counted(state0.epics.get(n));
        const end = counted(state1.epics.get(n));
        const forecast = forecastFinish(
          dailyCounts(forecastDays, (d) => at(d).epics.get(n)),
          basis,
        );
        return {
          ...epicRef(n, epic),
          label: epic ? (epicLabelsOf(epic, input.epicPrefix)[0] ?? null) : null,
          state: "open" as const,
          start,
          end,
          delta: end.percent - start.percent,
          trend: [start, ...points.map((d) => counted(at(d).epics.get(n)))].map((c) => c.percent),
          forecast: { likely: forecast.finish?.likely ?? null, reason: forecast.reason },
          overdue: overdueReason(m, end, forecast.finish?.likely ?? null, endT),
          idle: !activeEpics.has(n),
        };
      })
      // Epic titles carry their outline number ("1.2: …"): natural order is the plan's, as weekly.
      .sort((a, b) => NATURAL.compare(a.title, b.title) || a.number - b.number);

    const start = counted(before);
    const end = counted(after);
    const forecast = forecastFinish(dailyCounts(forecastDays, tasksOn), basis);
    const mentions = section ? milestoneMentions(section, m, pm, org) : { highlights: [], risks: [] };
    milestones.push({
      number: m.number,
      title: m.title,
      url: m.url,
      dueOn: m.dueOn,
      state: m.state,
      trackingIssue: section?.trackingIssue ?? null,
      start,
      end,
      delta: end.percent - start.percent,
      trend: [
        { date: toDay(startT), percent: start.percent },
        ...points.map((d) => ({ date: d, percent: counted(tasksOn(d)).percent })),
      ],
      closedTasks: sortTasks(closedTasks),
      addedTasks: sortTasks(addedTasks),
      removedTasks: sortTasks(removedTasks),
      reopenedTasks: sortTasks(reopenedTasks),
      epicsClosed,
      epics,
      forecast: forecast.finish,
      forecastReason: forecast.reason,
      highlights: mentions.highlights,
      risks: mentions.risks,
    });
  }

  const orphanGroups = weekly.orphanEpics.map((e) => epicGroup(e, org, pm));
  const orphan = mentionsOfGroups(orphanGroups);

  return {
    org,
    month: input.period.month,
    since: weekly.since,
    until: weekly.until,
    complete: input.period.complete,
    milestones,
    orphanHighlights: orphan.highlights,
    orphanRisks: orphan.risks,
    other: otherWork(weekly),
    updates: updateSources(weekly, org, pm),
    warnings: [...weekly.warnings],
  };
}

/** The same tasks with the same statuses. */
function sameTasks(a: ReadonlyMap<string, TaskStatus>, b: ReadonlyMap<string, TaskStatus>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, status] of a) if (b.get(key) !== status) return false;
  return true;
}

function dailyCounts(
  days: readonly string[],
  tasksOn: (date: string) => ReadonlyMap<string, TaskStatus> | undefined,
): DailyState[] {
  return days.map((date) => {
    const c = countStatuses(tasksOn(date) ?? new Map());
    return { date, scope: c.scope, closed: c.closed };
  });
}

function counted(tasks: ReadonlyMap<string, TaskStatus> | undefined): ProgressCount {
  const c = countStatuses(tasks ?? new Map());
  return { closed: c.closed, total: c.scope, percent: percentOf(c.closed, c.scope) };
}

function epicRef(number: number, epic: Epic | undefined) {
  return {
    number,
    title: (epic?.title ?? `#${number}`).replace(/^\s*\[epic\]\s*:?\s*/i, ""),
    url: epic?.url ?? "",
  };
}

/**
 * An open epic is overdue when its milestone's due date has passed by the period's end, or when
 * its own forecast finishes after that date. Epics carry no due date of their own (docs/spec/data-model.md):
 * the milestone's is theirs.
 */
function overdueReason(m: Milestone, end: ProgressCount, likely: string | null, endT: number): string | null {
  if (!m.dueOn) return null;
  const due = m.dueOn.slice(0, 10);
  if (Date.parse(m.dueOn) <= endT) return `the milestone was due on ${due}`;
  if (end.total > end.closed && likely !== null && likely > due) {
    return `forecast to finish on ${likely}, after the milestone's due date ${due}`;
  }
  return null;
}

const NATURAL = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

function sortTasks(tasks: PeriodTask[]): PeriodTask[] {
  return tasks.sort((a, b) => NATURAL.compare(a.repo, b.repo) || a.number - b.number);
}

interface Source {
  issue: Mention["issue"];
  updates: Update[];
}

interface Group {
  epic: number | null;
  title: string;
  url: string;
  sources: Source[];
}

function taskIssue(task: TaskEntry, org: string): Mention["issue"] {
  return { repo: `${org}/${task.repo}`, number: task.number, title: task.title, url: task.url };
}

function epicGroup(e: EpicSection, org: string, pm: string): Group {
  return {
    epic: e.number,
    title: e.title,
    url: e.url,
    sources: [
      { issue: { repo: pm, number: e.number, title: e.title, url: e.url }, updates: e.updates },
      ...e.tasks.map((t) => ({ issue: taskIssue(t, org), updates: t.updates })),
    ],
  };
}

function milestoneMentions(section: MilestoneSection, m: Milestone, pm: string, org: string) {
  const tracking: Group = {
    epic: null,
    title: `${m.title}: tracking issue`,
    url: section.trackingIssue?.url ?? m.url,
    sources: section.trackingIssue
      ? [
          {
            issue: {
              repo: pm,
              number: section.trackingIssue.number,
              title: m.title,
              url: section.trackingIssue.url,
            },
            updates: section.updates,
          },
        ]
      : [],
  };
  return mentionsOfGroups([tracking, ...section.epics.map((e) => epicGroup(e, org, pm))]);
}

/** The same line said twice (two weeks running, or on a task and its epic) is one item. */
function sameText(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[\s.;,!]+$/, "")
    .trim();
}

/**
 * Highlights (`_achieved_`) and risks (`_risks_`, `_blocker_`) of groups, in group order; within a
 * group highlights oldest first and risks newest first; each text once, where it was said first in
 * that order.
 */
function mentionsOfGroups(groups: Group[]): { highlights: Mention[]; risks: Mention[] } {
  const highlights: Mention[] = [];
  const risks: Mention[] = [];
  const seenHighlights = new Set<string>();
  const seenRisks = new Set<string>();
  for (const group of groups) {
    const all: Mention[] = [];
    for (const source of group.sources) {
      for (const u of source.updates) {
        for (const item of updateItems(u.lines)) {
          if (item.kind === "next") continue;
          all.push({
            kind: item.kind,
            text: item.text,
            url: u.url,
            author: u.author,
            createdAt: u.createdAt,
            epic: group.epic,
            group: { title: group.title, url: group.url },
            issue: source.issue,
          });
        }
      }
    }
    const time = (x: Mention) => Date.parse(x.createdAt);
    const oldest = all.filter((x) => x.kind === "achieved").sort((a, b) => time(a) - time(b));
    const newest = all.filter((x) => x.kind !== "achieved").sort((a, b) => time(b) - time(a));
    for (const x of oldest) if (once(seenHighlights, x.text)) highlights.push(x);
    for (const x of newest) if (once(seenRisks, x.text)) risks.push(x);
  }
  return { highlights, risks };
}

function once(seen: Set<string>, text: string): boolean {
  const key = sameText(text);
  if (key === "" || seen.has(key)) return false;
  seen.add(key);
  return true;
}

function otherWork(weekly: Report): OtherWork[] {
  return weekly.other.map((s) => ({
    category: s.category,
    title: s.title,
    count: s.tasks.length,
    notable: s.tasks.flatMap((task) => {
      const seen = new Set<string>();
      const achieved = task.updates
        .flatMap((u) => updateItems(u.lines))
        .filter((i) => i.kind === "achieved" && once(seen, i.text))
        .map((i) => i.text);
      return achieved.length > 0 ? [{ task, achieved }] : [];
    }),
  }));
}

/** Every update the report read, oldest first. */
function updateSources(weekly: Report, org: string, pm: string): UpdateSource[] {
  const out: UpdateSource[] = [];
  const add = (issue: Mention["issue"], updates: Update[]) => {
    for (const u of updates) out.push({ url: u.url, author: u.author, createdAt: u.createdAt, issue });
  };
  const addEpic = (e: EpicSection) => {
    add({ repo: pm, number: e.number, title: e.title, url: e.url }, e.updates);
    for (const t of e.tasks) add(taskIssue(t, org), t.updates);
  };
  for (const m of weekly.milestones) {
    if (m.trackingIssue) {
      add({ repo: pm, number: m.trackingIssue.number, title: m.title, url: m.trackingIssue.url }, m.updates);
    }
    for (const e of m.epics) addEpic(e);
  }
  for (const e of weekly.orphanEpics) addEpic(e);
  for (const s of weekly.other) for (const t of s.tasks) add(taskIssue(t, org), t.updates);
  // A task in two epics is listed under both in the weekly grouping: its updates are read once.
  const unique = new Map(out.map((u) => [u.url, u]));
  return [...unique.values()].sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.url.localeCompare(b.url),
  );
}

/**
 * Which epic a task's updates are grouped under in a monthly report: the epics it counted for at
 * the period's end (else at its start) in the replay, which knows labels and sub-issue links as
 * they were then; a task the replay never saw in an epic falls back to the configured rule.
 */
export function membershipInPeriod(
  replay: Replay,
  moments: readonly number[],
  fallback: EpicMembership,
): EpicMembership {
  const states = moments.map((t) => replay.at(t));
  return {
    pmRepo: fallback.pmRepo,
    epicsOf<E extends EpicRef>(item: MemberCandidate, epics: readonly E[]): E[] {
      const key = issueKey(item);
      for (const state of states) {
        const mine = epics.filter((e) => state.epics.get(e.number)?.has(key));
        if (mine.length > 0) return mine;
      }
      return fallback.epicsOf(item, epics);
    },
    tasksOf: (epic, pool) => fallback.tasksOf(epic, pool),
    groupsOf: (epic, pool) => fallback.groupsOf(epic, pool),
    warnings: (epics) => fallback.warnings(epics),
  };
}
