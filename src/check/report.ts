/**
 * What `check` found, as plain data, and the exit code it implies. Filled in by the command (config,
 * then drift, then tracking) and read by every renderer (text, JSON, annotations, step summary).
 */
import type { Problem } from "../config/index.js";
import type { ExitCode } from "../errors.js";
import type { DriftResult } from "./drift.js";
import type { HierarchyResult } from "./hierarchy.js";
import type { TrackingResult } from "./tracking.js";

/** A GitHub failure that kept part of the check from running: its result is unknown (exit 3). */
export interface CheckFailure {
  /** What could not be checked, e.g. "label drift" or "epics". */
  scope: string;
  message: string;
  hint?: string;
}

export interface CheckReport {
  configFile: string;
  org: string | undefined;
  pmRepo: string | undefined;
  /** Config problems (lint errors): nothing is asked of GitHub when there are any. */
  configProblems: Problem[];
  /** Lint warnings: shown, never failing. */
  configWarnings: Problem[];
  /** undefined: not checked (invalid config, or listing repositories failed). */
  drift: DriftResult | undefined;
  /** undefined: not checked. */
  tracking: TrackingResult | undefined;
  /**
   * Tasks under `epics.source: sub-issues | both` (check/hierarchy.ts): linked and labelled alike,
   * inside the organisation. undefined under `labels` (nothing to compare) or when not checked.
   */
  hierarchy: HierarchyResult | undefined;
  /** How many epic issues the tracking rules looked at. */
  epicCount: number;
  /** Notes from fetching epics (e.g. an epic with more labels than were read). */
  fetchWarnings: string[];
  failures: CheckFailure[];
}

export function createReport(configFile: string): CheckReport {
  return {
    configFile,
    org: undefined,
    pmRepo: undefined,
    configProblems: [],
    configWarnings: [],
    drift: undefined,
    tracking: undefined,
    hierarchy: undefined,
    epicCount: 0,
    fetchWarnings: [],
    failures: [],
  };
}

export interface CheckCounts {
  drifted: number;
  failedRepos: number;
  epicProblems: number;
  taskProblems: number;
  warnings: number;
  failures: number;
}

export function countFindings(report: CheckReport): CheckCounts {
  const repos = report.drift?.repos ?? [];
  return {
    drifted: repos.filter((r) => r.status === "drifted").length,
    failedRepos: repos.filter((r) => r.status === "failed").length,
    epicProblems: report.tracking?.problems.length ?? 0,
    taskProblems: report.hierarchy?.problems.length ?? 0,
    warnings: warningMessages(report).length,
    failures: report.failures.length,
  };
}

/**
 * 2 for a broken config (nothing else was checked); 3 when any part could not be checked, because
 * then "no drift" cannot be claimed; 1 for drift or epic problems; else 0.
 */
export function exitCodeOf(report: CheckReport): ExitCode {
  if (report.configProblems.length > 0) return 2;
  const counts = countFindings(report);
  if (counts.failures > 0 || counts.failedRepos > 0) return 3;
  if (counts.drifted > 0 || counts.epicProblems > 0 || counts.taskProblems > 0) return 1;
  return 0;
}

/** Every warning as one line, in the order they are shown. */
export function warningMessages(report: CheckReport): string[] {
  return [
    ...report.configWarnings.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`),
    ...(report.tracking?.warnings ?? []).map((w) => w.message),
    ...(report.hierarchy?.warnings ?? []).map((w) => w.message),
    ...report.fetchWarnings,
  ];
}
