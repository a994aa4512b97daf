/**
 * What the pictures consume: `waku-pm history --json` exactly as the contract
 * (spec/time-and-hierarchy.md, "Progress over time") describes it. The renderers read only these
 * types, so the history engine can change how it computes the data without touching the drawing.
 */

/** One point of a burn-up: the state at the end of `date` (UTC), and what happened since the previous point. */
export interface HistoryPoint {
  /** YYYY-MM-DD */
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

export type ChangeKind = "added" | "removed" | "closed" | "reopened" | "not_planned";

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

export interface Forecast {
  basis_weeks: number;
  closed_per_week: { low: number; likely: number; high: number };
  scope_growth_per_week: number;
  /** Null, with a `reason`, when the data cannot support a forecast. Dates are YYYY-MM-DD. */
  finish: { earliest: string; likely: string; latest: string } | null;
  reason: string | null;
}

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
