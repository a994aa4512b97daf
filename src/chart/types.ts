/**
 * What the pictures consume: `waku-pm history --json` exactly as the contract
 * (docs/spec/time-and-hierarchy.md, "Progress over time") describes it. The renderers read only these
 * types, so the history engine can change how it computes the data without touching the drawing.
 * The point, change kind and forecast are the engine's own types: one definition each.
 */
import type { Forecast } from "../history/forecast.js";
import type { ChangeKind, Point } from "../history/series.js";

/** One point of a burn-up: the state at the end of `date` (UTC), and what happened since the previous point. */
export type HistoryPoint = Point;

export interface HistoryMilestone {
  number: number;
  title: string;
  /** ISO timestamp, as GitHub gives it, or null for a milestone without a due date. */
  due_on: string | null;
  /** YYYY-MM-DD */
  start: string;
}

export interface HistoryEpic {
  number: number;
  title: string;
  label: string | null;
  series: HistoryPoint[];
}

export type { ChangeKind };

export interface HistoryChange {
  /** ISO timestamp */
  at: string;
  kind: ChangeKind;
  /** owner/name */
  repo: string;
  number: number;
  /** The epic's issue number, or null when the task is not under one of the milestone's epics. */
  epic: number | null;
}

/** The forecast, as the history engine makes it (src/history/forecast.ts). */
export type { Forecast };

export interface HistoryData {
  version: 1;
  milestone: HistoryMilestone;
  interval: "day" | "week";
  since: string;
  until: string;
  series: HistoryPoint[];
  epics: HistoryEpic[];
  changes: HistoryChange[];
  forecast: Forecast | null;
  warnings: string[];
}
