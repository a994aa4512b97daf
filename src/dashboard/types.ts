/**
 * What the dashboard is made of: for each open milestone, its `status --json` and its
 * `history --json` (spec/cli.md and spec/time-and-hierarchy.md), and the latest weekly report as
 * the markdown `report` writes.
 */
import type { HistoryData } from "../chart/types.js";
import type { StatusJson } from "../status/render-data.js";

export interface DashboardMilestone {
  status: StatusJson;
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
