/**
 * What every command does the same way: find the organisation, choose the output format. One
 * wording each, so the same mistake reads the same whichever command the user ran.
 */
import type { Config } from "../config/index.js";
import type { Context } from "../context.js";
import { InputError } from "../errors.js";
import type { PlanningOverview } from "../model/work.js";
import { selectRepositories } from "../sync/select.js";

/** The organisation to read: --org, else the config's `org`; bad input (exit 2) when neither says. */
export function requireOrg(config: Pick<Config, "org" | "file">): string {
  if (config.org) return config.org;
  throw new InputError(
    `no organisation: ${config.file} has no \`org\` and --org was not given`,
    "Add `org: <name>` to the config (its mapping form) or pass --org ORG.",
  );
}

/**
 * The output format from `--format` and the global `--json` (which means json): both given and
 * different is a contradiction, said before anything is read.
 */
export function chooseFormat<F extends string>(
  ctx: Pick<Context, "globals">,
  format: F | undefined,
  fallback: F,
): F {
  if (format !== undefined && ctx.globals.json && format !== "json") {
    throw new InputError(`--json and --format ${format} contradict each other`, "Pass only one of them.");
  }
  if (format !== undefined) return format;
  return ctx.globals.json ? ("json" as F) : fallback;
}

/** --write-interval MS of the commands that write (sync-labels, link-tasks): a whole number. */
export function parseWriteInterval(raw: string): number {
  const ms = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(ms)) {
    throw new InputError(
      `--write-interval: "${raw}" is not a number of milliseconds`,
      "Write a whole number, e.g. --write-interval 1000 (GitHub's guidance is at least 1000).",
    );
  }
  return ms;
}

/** --basis WEEKS of the commands that forecast (history, chart, dashboard, report --month). */
export function parseBasis(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > 52) {
    throw new InputError(`--basis: "${raw}" is not a number of weeks from 1 to 52`, "For example --basis 4.");
  }
  return n;
}

/** `--repo NAME|GLOB` (repeatable) of the reading commands: collects the values. */
export function collectRepo(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * `--repo` on a reading command (status, report, history): only the tasks and updates of these
 * repositories count. Names or globs as in the config's `repos.include`; archived repositories and
 * forks match too (their tasks are real). A name or glob matching no repository is bad input,
 * named with the organisation's repositories. Without `--repo`, the overview as it is.
 */
export function narrowToRepos(
  overview: PlanningOverview,
  requested: readonly string[] | undefined,
): PlanningOverview {
  if (!requested || requested.length === 0) return overview;
  const repos = overview.repositories.map((r) => ({ ...r, fullName: `${overview.org}/${r.name}` }));
  const selection = selectRepositories(repos, { include: ["*"], exclude: [] }, requested, overview.org);
  const matched = new Set(
    [...selection.selected, ...selection.skipped.map((s) => s.repo)].map((r) => r.name.toLowerCase()),
  );
  return {
    ...overview,
    repositories: overview.repositories.filter((r) => matched.has(r.name.toLowerCase())),
  };
}

/**
 * A progress line on a terminal, redrawn in place (and cleared before the result is printed);
 * nothing when stderr is piped, so logs stay clean. `status`, `report`, `history` say what they read.
 */
export function progressLine(ctx: Pick<Context, "stderr">): { say(text: string): void; clear(): void } {
  let shown = false;
  return {
    say(text) {
      if (!ctx.stderr.isTTY) return;
      ctx.stderr.write(`\r\u001b[K${text}`);
      shown = true;
    },
    clear() {
      if (shown) ctx.stderr.write("\r\u001b[K");
      shown = false;
    },
  };
}

/** The signals that stop a run's writes after the current one, and the exit code each ends it with (128 + n). */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

/**
 * While a command writes (sync-labels, link-tasks): Ctrl-C, SIGTERM (CI cancelling a job) or SIGHUP
 * (the terminal closed) aborts `signal`, so the writer stops after the current write and the run
 * reports what was done. A second signal kills the process the usual way, because the listeners
 * are gone by then. `onStop` runs first (to clear a progress bar); `release()` removes the listeners.
 */
export function stopOnSignals(
  ctx: Pick<Context, "stderr">,
  onStop: () => void,
): { signal: AbortSignal; received(): StopSignal | undefined; release(): void } {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const listeners = new Map<StopSignal, () => void>();
  const release = () => {
    for (const [name, listener] of listeners) process.off(name, listener);
    listeners.clear();
  };
  for (const name of Object.keys(STOP_SIGNALS) as StopSignal[]) {
    const listener = () => {
      release();
      received = name;
      controller.abort();
      onStop();
      const again = name === "SIGINT" ? "Ctrl-C again" : `${name} again`;
      ctx.stderr.write(`\nwaku-pm: stopping after the current write (${again} to quit at once)\n`);
    };
    listeners.set(name, listener);
    process.once(name, listener);
  }
  return { signal: controller.signal, received: () => received, release };
}
