/**
 * The benchmark's table, as aligned text (the terminal) and as markdown (the README's "What each command costs"). Pure:
 * results in, text out.
 */
import { type BenchResult, DEMO_SIZE, type ScenarioResult } from "./run-bench.js";
import type { StartupReport, StartupResult } from "./startup.js";

/** A personal access token's primary limit per hour; an Actions GITHUB_TOKEN gets 1,000. */
export const PAT_POINTS_PER_HOUR = 5000;
export const ACTIONS_POINTS_PER_HOUR = 1000;
/** GitHub's secondary limit on content-creating requests: about 500 an hour. */
export const WRITES_PER_HOUR = 500;

const HEAD = [
  "repos",
  "scenario",
  "data",
  "requests",
  "REST",
  "GraphQL",
  "304",
  "writes",
  "points",
  "% of 5000/h",
  "% of 1000/h",
  "time",
] as const;
const RIGHT = new Set([0, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

function formatTime(result: ScenarioResult, latencyMs: number): string {
  const seconds = `${(result.ms / 1000).toFixed(1)} s`;
  return result.latencyMs === latencyMs ? seconds : `${seconds}*`;
}

/**
 * Share of an hour's budget the run spends. REST and GraphQL are separate budgets of the same
 * size, so the share is the busier one's.
 */
export function budgetShare(
  result: Pick<ScenarioResult, "restPoints" | "graphqlPoints">,
  perHour: number,
): number {
  return (Math.max(result.restPoints, result.graphqlPoints) / perHour) * 100;
}

function formatShare(share: number): string {
  return share === 0 ? "0%" : share < 0.1 ? "<0.1%" : `${share.toFixed(share < 10 ? 1 : 0)}%`;
}

function rowOf(result: ScenarioResult, latencyMs: number): string[] {
  return [
    String(result.repos),
    result.problems.length > 0 ? `${result.title} (!)` : result.title,
    result.data,
    String(result.requests),
    String(result.rest),
    String(result.graphql),
    String(result.notModified),
    String(result.writes),
    String(result.points),
    formatShare(budgetShare(result, PAT_POINTS_PER_HOUR)),
    formatShare(budgetShare(result, ACTIONS_POINTS_PER_HOUR)),
    formatTime(result, latencyMs),
  ];
}

function footnotes(bench: BenchResult): string[] {
  const notes = [
    `Latency ${bench.latencyMs} ms per request; ${bench.labels} labels; counts from the simulator's request log.`,
    "points: primary rate-limit points (1 per REST request, 0 per 304, a GraphQL document's cost).",
    "% of 5000/h, % of 1000/h: share of an hour's budget for a personal token and for an Actions GITHUB_TOKEN (REST and GraphQL are separate budgets: the busier one).",
  ];
  if (bench.results.some((r) => r.latencyMs !== bench.latencyMs)) {
    notes.push(
      "* run at 0 ms latency (a first sync's writes are serial: at full latency it would take writes × latency more).",
    );
  }
  if (!bench.bigSyncs && bench.sizes.some((size) => size > DEMO_SIZE)) {
    notes.push(`first sync-labels above ${DEMO_SIZE} repositories: not run (npm run bench -- --big-syncs).`);
  }
  for (const r of bench.results.filter((r) => budgetShare(r, PAT_POINTS_PER_HOUR) > 100)) {
    notes.push(
      `${r.title} at ${r.repos} repositories spends ${r.points} points, more than a token's hour: a real run stops at the limit and resumes after the reset.`,
    );
  }
  // Where a command's GraphQL points go, document by document (from the simulator's log).
  for (const r of bench.results.filter((r) => (r.documentPoints?.length ?? 0) > 0)) {
    notes.push(
      `${r.title} at ${r.repos} repositories, points per GraphQL document: ${describePoints(r.documentPoints ?? [])}.`,
    );
  }
  const writes = bench.results.filter((r) => r.scenario === "sync-first" && r.writes > 0);
  for (const r of writes) {
    notes.push(
      `first sync of ${r.repos} repositories: ${r.writes} writes ≈ ${(r.writes / WRITES_PER_HOUR).toFixed(1)} h at GitHub's ~${WRITES_PER_HOUR} writes/hour.`,
    );
  }
  return notes;
}

/** `1, 1, 2 (3 documents)`, runs of equal values folded: `1 × 12` for a dozen 1-point documents. */
export function describePoints(points: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < points.length; ) {
    let j = i;
    while (j < points.length && points[j] === points[i]) j++;
    runs.push(j - i > 2 ? `${points[i]} × ${j - i}` : points.slice(i, j).join(", "));
    i = j;
  }
  return runs.join(", ");
}

/** Aligned columns, one row per run, a blank line between sizes; problems listed under the table. */
export function renderBenchTable(bench: BenchResult): string {
  const rows = bench.results.map((r) => rowOf(r, bench.latencyMs));
  const widths = HEAD.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (RIGHT.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const out = [line(HEAD), line(widths.map((w) => "-".repeat(w)))];
  bench.results.forEach((r, i) => {
    const previous = bench.results[i - 1];
    if (previous && previous.repos !== r.repos) out.push("");
    out.push(line(rows[i] ?? []));
  });
  out.push("", ...footnotes(bench));
  const problems = bench.results.flatMap((r) =>
    r.problems.map((p) => `(!) ${r.repos} repos, ${r.title}: ${p}`),
  );
  if (problems.length > 0) out.push("", ...problems);
  return `${out.join("\n")}\n`;
}

/** The same table in markdown, for the README's "What each command costs". */
export function renderBenchMarkdown(bench: BenchResult): string {
  const rows = bench.results.map((r) => rowOf(r, bench.latencyMs));
  const escapePipes = (cell: string) => cell.replace(/\|/g, "\\|");
  const out = [
    `| ${HEAD.join(" | ")} |`,
    `| ${HEAD.map((_, i) => (RIGHT.has(i) ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(escapePipes).join(" | ")} |`),
    "",
    ...footnotes(bench).map((n) => `${n}  `),
  ];
  return `${out.join("\n").trimEnd()}\n`;
}

const STARTUP_HEAD = ["start-up", "median", "× node -e 0", "target"] as const;

function startupRow(r: StartupResult): string[] {
  const target = r.target === null ? "" : `≤ ${r.target}×${r.overTarget ? " (over)" : ""}`;
  const title = r.problems.length > 0 ? `${r.command} (!)` : r.command;
  return [title, `${r.medianMs.toFixed(0)} ms`, `${r.ratio.toFixed(2)}×`, target];
}

function startupNotes(report: StartupReport): string[] {
  return [
    `Median of ${report.runs} runs each, interleaved with node -e 0 (the floor of any Node program here); a busy machine moves the milliseconds more than the ratios.`,
    "Run with only PATH, HOME and NO_COLOR set: a NODE_OPTIONS or NODE_EXTRA_CA_CERTS in your shell (the latter adds ~40 ms to every Node start) would change the baseline, not waku-pm.",
    ...report.results.flatMap((r) => r.problems.map((p) => `(!) ${r.command}: ${p}`)),
  ];
}

/** The start-up section as aligned text. */
export function renderStartupTable(report: StartupReport): string {
  const rows = report.results.map(startupRow);
  const widths = STARTUP_HEAD.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 || i === 3 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const out = [line(STARTUP_HEAD), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
  return `${[...out, "", ...startupNotes(report)].join("\n")}\n`;
}

/** The start-up section in markdown. */
export function renderStartupMarkdown(report: StartupReport): string {
  const out = [
    `| ${STARTUP_HEAD.join(" | ")} |`,
    "| --- | ---: | ---: | --- |",
    ...report.results.map((r) => `| ${startupRow(r).join(" | ")} |`),
    "",
    ...startupNotes(report).map((n) => `${n}  `),
  ];
  return `${out.join("\n").trimEnd()}\n`;
}
