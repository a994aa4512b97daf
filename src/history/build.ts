/**
 * From the replay to what the commands print: the `history --json` document of a milestone
 * (docs/spec/time-and-hierarchy.md) and the `status` summary as it stood at a moment (`status --as-of`).
 * Pure.
 */
import { epicLabelsOf } from "../model/epics.js";
import { progressOf } from "../model/progress.js";
import { type Epic, issueKey, type Milestone, type PlanningOverview, type Task } from "../model/work.js";
import { type MilestoneProgress, summariseTasksOfEpic } from "../status/summarise.js";
import type { ItemNow } from "./events.js";
import { type DailyState, type Forecast, forecastFinish } from "./forecast.js";
import { countStatuses, milestoneTasks, type Replay, type TaskStatus } from "./replay.js";
import { type Change, endOfDay, type Interval, milestoneSeries, type Point, toDay } from "./series.js";

export interface HistoryJson {
  version: 1;
  milestone: { number: number; title: string; url: string; due_on: string | null; start: string };
  interval: Interval;
  since: string;
  until: string;
  series: Point[];
  epics: { number: number; title: string; url: string; label: string | null; series: Point[] }[];
  changes: Change[];
  forecast: Forecast;
  warnings: string[];
}

const DAY = 86_400_000;

/**
 * The state at the end of each of the last 7 × basis days up to `until` (the forecast's input), of
 * the milestone, or of one of its epics.
 */
function dailyStates(
  replay: Replay,
  subject: { milestone: number; epic?: number },
  until: string,
  basis: number,
): DailyState[] {
  const end = Date.parse(`${until}T00:00:00Z`);
  const days: DailyState[] = [];
  for (let d = 7 * basis; d >= 0; d--) {
    const date = toDay(end - d * DAY);
    const state = replay.at(endOfDay(date));
    const tasks =
      subject.epic === undefined
        ? milestoneTasks(state, subject.milestone)
        : (state.epics.get(subject.epic) ?? new Map<string, TaskStatus>());
    const counts = countStatuses(tasks);
    days.push({ date, scope: counts.scope, closed: counts.closed });
  }
  return days;
}

/**
 * The forecast of a milestone (or one of its epics) at the end of `until`, with the weekly series
 * of the basis weeks it was made from: what `status --forecast` prints under its table.
 */
export function forecastOf(
  replay: Replay,
  subject: { milestone: number; epic?: number },
  until: string,
  basis: number,
): { forecast: Forecast; weeks: Point[] } {
  const since = toDay(Date.parse(`${until}T00:00:00Z`) - 7 * basis * DAY);
  const series = milestoneSeries(replay, subject.milestone, { since, until, interval: "week" });
  const weeks =
    subject.epic === undefined
      ? series.series
      : (series.epics.find((e) => e.number === subject.epic)?.series ?? []);
  return { forecast: forecastFinish(dailyStates(replay, subject, until, basis), basis), weeks };
}

export function buildHistory(
  replay: Replay,
  options: {
    milestone: Milestone;
    epics: readonly Epic[];
    epicPrefix: string;
    /** The milestone's start (config, else its creation), YYYY-MM-DD. */
    start: string;
    since: string;
    until: string;
    interval: Interval;
    basis: number;
    /**
     * history --epic: the document is about this epic: its series is the top-level one (and its
     * only entry in `epics`), the changes are its own, and the forecast is its own.
     */
    epic?: number;
    warnings?: string[];
  },
): HistoryJson {
  const m = options.milestone;
  const data = milestoneSeries(replay, m.number, options);
  const byNumber = new Map(options.epics.map((e) => [e.number, e]));
  const epics = data.epics
    .filter((e) => options.epic === undefined || e.number === options.epic)
    .map((e) => {
      const epic = byNumber.get(e.number);
      return {
        number: e.number,
        title: epic?.title ?? `#${e.number}`,
        url: epic?.url ?? "",
        label: epic ? (epicLabelsOf(epic, options.epicPrefix)[0] ?? null) : null,
        series: e.series,
      };
    });
  const series = options.epic === undefined ? data.series : (epics[0]?.series ?? []);
  const subject = { milestone: m.number, ...(options.epic !== undefined ? { epic: options.epic } : {}) };
  return {
    version: 1,
    milestone: { number: m.number, title: m.title, url: m.url, due_on: m.dueOn, start: options.start },
    interval: options.interval,
    since: options.since,
    until: options.until,
    series,
    epics,
    changes: data.changes.filter((c) => options.epic === undefined || c.epic === options.epic),
    forecast: forecastFinish(dailyStates(replay, subject, options.until, options.basis), options.basis),
    warnings: options.warnings ?? [],
  };
}

function taskAt(item: ItemNow, status: TaskStatus, labels: string[], assignees: readonly string[]): Task {
  return {
    repo: item.repo,
    number: item.number,
    title: item.title,
    url: item.url,
    state: status === "open" ? "open" : "closed",
    stateReason:
      status === "not_planned"
        ? "not_planned"
        : status === "closed" && !item.pullRequest
          ? "completed"
          : null,
    pullRequest: item.pullRequest,
    assignees: [...assignees],
    labels,
  };
}

/**
 * `status` at the end of a day: the epics that were in the milestone then, each with its tasks as
 * they stood (open, closed, or not planned and so out of the scope), summarised by the same code
 * as today's `status`.
 */
export function progressAt(
  replay: Replay,
  options: {
    overview: PlanningOverview;
    milestone: Milestone;
    t: number;
    epicPrefix: string;
    /** Current assignees by task key, when known (history does not replay assignments). */
    assignees?: ReadonlyMap<string, string[]>;
  },
): MilestoneProgress {
  const state = replay.at(options.t);
  const epics = options.overview.epics
    .filter((e) => state.milestoneOf.get(e.number) === options.milestone.number)
    .sort((a, b) => a.number - b.number);
  const progress = epics.map((epic) => {
    const members = [...(state.epics.get(epic.number) ?? new Map<string, TaskStatus>())].flatMap(
      ([key, status]) => {
        const item = replay.item(key);
        return item
          ? [taskAt(item, status, [...replay.labelsAt(item, options.t)], options.assignees?.get(key) ?? [])]
          : [];
      },
    );
    // The epic as it stood then: open, or closed (a reopened epic was open).
    const self = replay.item(
      issueKey({ repo: `${options.overview.org}/${options.overview.pmRepo}`, number: epic.number }),
    );
    const then: Epic["state"] = !self
      ? epic.state
      : replay.statusAt(self, options.t) === "open"
        ? "open"
        : "closed";
    return summariseTasksOfEpic({ ...epic, state: then }, members, options.epicPrefix);
  });
  const distinct = new Map<string, Task>();
  const dropped = new Set<string>();
  for (const p of progress) {
    for (const t of p.tasks) distinct.set(`${t.repo.toLowerCase()}#${t.number}`, t);
    for (const t of p.notPlanned) dropped.add(`${t.repo.toLowerCase()}#${t.number}`);
  }
  return {
    milestone: options.milestone,
    epics: progress,
    totals: progressOf([...distinct.values()]),
    notPlanned: dropped.size,
    warnings: [],
  };
}
