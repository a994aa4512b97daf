/**
 * What the dashboard is made of: for each open milestone, its `status --json` and its
 * `history --json` (docs/spec/cli.md and docs/spec/time-and-hierarchy.md), and the latest weekly report as
 * the markdown `report` writes.
 */
import type { HistoryData } from "../chart/types.js";

/**
 * The part of `status --json` (docs/spec/cli.md) the dashboard reads. The status command's own
 * `StatusJson` fits it (extra fields are carried into data.json untouched).
 */
export interface StatusData {
  version: 1;
  milestone: {
    number: number;
    title: string;
    url: string;
    due_on: string | null;
    state: "open" | "closed";
  } | null;
  epics: {
    number: number;
    title: string;
    url: string;
    state: "open" | "closed";
    label: string | null;
    open: number;
    closed: number;
    total: number;
    percent: number;
    tasks: { repo: string; number: number; title: string; url: string; state: "open" | "closed" }[];
  }[];
  totals: { open: number; closed: number; total: number; percent: number };
  warnings: string[];
}

export interface DashboardMilestone {
  status: StatusData;
  history: HistoryData;
  /** The file name stem of its charts and the anchor of its section (default: from its title). */
  slug?: string;
}

export interface DashboardReport {
  markdown: string;
  /** Where it can be read in full, e.g. the issue it was posted to (http(s) only). */
  url?: string;
}

export interface DashboardInput {
  /** The clock (ISO timestamp): "today", days left, and the window of the last week's changes. */
  now: string;
  /** The organisation, for the page's heading. */
  org: string;
  milestones: DashboardMilestone[];
  report: DashboardReport | null;
}

/** File name → contents: `index.html`, `data.json` and one `.svg` per chart. */
export type DashboardFiles = Record<string, string>;
