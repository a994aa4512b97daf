/**
 * What starting the CLI costs: `waku-pm --version` and `waku-pm lint` of the repository's own
 * labels.yaml, against `node -e 0` (the floor of any Node program on this machine). The targets are
 * ratios, not milliseconds, so they mean the same on a fast laptop and a busy CI runner: --version
 * at most 2× `node -e 0`, lint at most 3×.
 *
 * The three commands run interleaved (baseline, --version, lint, baseline, …), so a machine that
 * gets busier half-way slows all three alike; each figure is the median of its runs.
 */
import { runCli } from "./measure.js";

export type StartupId = "node" | "version" | "lint";

interface StartupCase {
  id: StartupId;
  command: string;
  /** Arguments after `node`. */
  argv: (bin: string) => string[];
  /** Most this may cost, as a multiple of `node -e 0`; none for the baseline itself. */
  target: number | null;
}

export const STARTUP_CASES: readonly StartupCase[] = [
  { id: "node", command: "node -e 0", argv: () => ["-e", "0"], target: null },
  { id: "version", command: "waku-pm --version", argv: (bin) => [bin, "--version"], target: 2 },
  { id: "lint", command: "waku-pm lint (labels.yaml)", argv: (bin) => [bin, "lint"], target: 3 },
];

export interface StartupResult {
  id: StartupId;
  command: string;
  /** Median wall time from spawn to exit, ms, one decimal. */
  medianMs: number;
  /** medianMs / the baseline's medianMs, two decimals. */
  ratio: number;
  target: number | null;
  overTarget: boolean;
  /** A run that exited non-zero, in words. */
  problems: string[];
}

export interface StartupReport {
  runs: number;
  results: StartupResult[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** From each case's timings (and exit codes) to the report. Pure. */
export function summariseStartup(
  samples: ReadonlyMap<StartupId, { ms: number[]; codes: number[] }>,
): StartupReport {
  const medians = new Map(STARTUP_CASES.map((c) => [c.id, median(samples.get(c.id)?.ms ?? [])]));
  const baseline = medians.get("node")!;
  const results = STARTUP_CASES.map((c): StartupResult => {
    const medianMs = medians.get(c.id)!;
    const ratio = Math.round((medianMs / baseline) * 100) / 100;
    const bad = (samples.get(c.id)?.codes ?? []).filter((code) => code !== 0);
    return {
      id: c.id,
      command: c.command,
      medianMs: Math.round(medianMs * 10) / 10,
      ratio,
      target: c.target,
      overTarget: c.target !== null && ratio > c.target,
      problems: bad.length > 0 ? [`${bad.length} run(s) exited ${[...new Set(bad)].join(", ")}, not 0`] : [],
    };
  });
  return { runs: samples.get("node")?.ms.length ?? 0, results };
}

export interface StartupOptions {
  /** Project root: holds bin/waku-pm.js and labels.yaml (lint runs there, without --config). */
  root: string;
  runs: number;
  progress?: (text: string, done: boolean) => void;
}

export async function measureStartup(options: StartupOptions): Promise<StartupReport> {
  const bin = `${options.root}/bin/waku-pm.js`;
  const samples = new Map(STARTUP_CASES.map((c) => [c.id, { ms: [] as number[], codes: [] as number[] }]));
  options.progress?.(
    `start-up: ${STARTUP_CASES.length} commands × ${options.runs} runs, interleaved …`,
    false,
  );
  // One untimed round first: the first spawn after a build pays for a cold file cache.
  for (const c of STARTUP_CASES) {
    const [first, ...rest] = c.argv(bin);
    await runCli(first!, rest, {}, options.root);
  }
  for (let i = 0; i < options.runs; i++) {
    for (const c of STARTUP_CASES) {
      // runCli runs `node FIRST REST…`; for the baseline FIRST is `-e`.
      const [first, ...rest] = c.argv(bin);
      const run = await runCli(first!, rest, {}, options.root);
      samples.get(c.id)!.ms.push(run.ms);
      samples.get(c.id)!.codes.push(run.code);
    }
  }
  const report = summariseStartup(samples);
  const ratios = report.results.filter((r) => r.target !== null).map((r) => `${r.id} ${r.ratio}×`);
  options.progress?.(ratios.join(", "), true);
  return report;
}
