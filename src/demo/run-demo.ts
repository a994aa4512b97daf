/**
 * `npm run demo`: the main job of waku-pm on waku-org-like data, with nothing to set up.
 * Starts the GitHub simulator seeded with the demo organisation on 127.0.0.1, then runs the CLI
 * against it as a user would (a subprocess with GITHUB_API_URL and a token pointing at it).
 *
 *   npm run demo                         lint, status, history, a label sync (dry run, then for real), check,
 *                                        the weekly and monthly reports, the 2025 model, the dashboard
 *   npm run demo -- --serve [--port N]   serve a fresh, unsynced copy of the demo organisation until
 *                                        stopped, and print the `export` lines that point waku-pm at it
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
// The demo organisation is waku-org as it was in late 2023, so its clock is pinned to Monday
// 2023-11-27 (DEMO_NOW), the morning the lead wrote the weekly report, four days before Gen 0 was due.
import { DEMO_NOW, DEMO_TEAM, DEMO_TOKEN, demoSeed } from "../simulator/demo-seed.js";
import { type Simulator, type SimulatorOptions, startSimulator } from "../simulator/index.js";

const BIN = fileURLToPath(new URL("../../bin/waku-pm.js", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
/** The demo's dashboard stays after the demo, for a look (`demo-site/index.html`). */
const SITE = "demo-site";
/** The 2025 way of tracking: Deliverables whose tasks are sub-issues (examples/deliverables.yaml). */
const DELIVERABLES = ["--config", "examples/deliverables.yaml"];

interface Step {
  title: string;
  args: string[];
  /** The exit code this step has on the demo data (check finds the demo's deliberate mistake). */
  expect?: number;
}

const STEPS: Step[] = [
  { title: "Is labels.yaml valid?", args: ["lint"] },
  { title: "Progress of Waku Network Gen 0, epic by epic", args: ["status", "--milestone", "gen0"] },
  {
    title: "Gen 0 over time: the burn-up since September, and when it will likely be done",
    args: ["history", "--milestone", "gen0"],
  },
  { title: "What a label sync would change, repository by repository", args: ["sync-labels", "--dry-run"] },
  // The simulator enforces no write spacing; 50 ms keeps the progress bar visible on a terminal.
  { title: "Make every repository match labels.yaml", args: ["sync-labels", "--write-interval", "50"] },
  { title: "A second run right after plans nothing", args: ["sync-labels", "--check"] },
  {
    title: "The CI gate: no label drift left, but one epic carries two epic labels",
    args: ["check"],
    expect: 1,
  },
  // labels.yaml names no team (the real one is the team's to write), so the demo passes its own.
  {
    title: "The weekly report (last 7 days)",
    args: ["report", "--since", "7d", "--team", DEMO_TEAM.join(",")],
  },
  {
    title:
      "The monthly report for November 2023 (so far): how far each milestone moved, and what the team said",
    args: ["report", "--month", "2023-11"],
  },
  {
    title: "The 2025 way: Deliverables whose tasks are sub-issues, counted with their labels (source: both)",
    args: ["status", ...DELIVERABLES, "--milestone", "rm"],
  },
  {
    title: "check names each task the labels and the sub-issue links disagree on",
    args: ["check", ...DELIVERABLES],
    expect: 1,
  },
  {
    title: "link-tasks plans the fixes (and says what GitHub forbids)",
    args: ["link-tasks", ...DELIVERABLES, "--milestone", "rm", "--dry-run"],
  },
  {
    title: `An offline dashboard of every open milestone (${SITE}/index.html)`,
    args: ["dashboard", "--out", SITE],
  },
];

/** What to try by hand against the served organisation (the README's samples). */
const TRY = [
  "status --milestone gen0",
  "history --milestone gen0",
  "status --milestone gen0 --as-of 2023-10-31",
  "sync-labels --dry-run --repo nwaku --repo js-waku --repo go-waku",
  "sync-labels --write-interval 50",
  "check",
  "report --since 2023-11-20 --until 2023-11-27 --team mira-lead,lena-research",
  "report --month 2023-11",
  "chart --milestone gen0 --out gen0.svg",
  "dashboard --out site",
  "status --config examples/deliverables.yaml --milestone rm",
  "link-tasks --config examples/deliverables.yaml --milestone rm --dry-run",
];

const USAGE = "usage: npm run demo [-- --serve [--port N]]";

interface Args {
  serve: boolean;
  port: number;
}

function parseArgs(argv: readonly string[]): Args | string {
  const args: Args = { serve: false, port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--serve") args.serve = true;
    else if (arg === "--port") {
      const value = argv[++i];
      const port = Number(value);
      if (value === undefined || !/^\d+$/.test(value) || port > 65535)
        return `--port needs a port number, got ${value ?? "nothing"}`;
      args.port = port;
    } else if (arg === "--help" || arg === "-h") return "";
    else return `unknown option ${arg}`;
  }
  if (args.port !== 0 && !args.serve) return "--port only applies with --serve";
  return args;
}

/**
 * The demo organisation at the demo's moment: the seed is built at DEMO_NOW, and what a sync writes
 * is stamped with it too, so the history a user makes agrees with the CLI's pinned clock.
 */
function demoSimulator(): SimulatorOptions {
  return { seed: demoSeed({ now: new Date(DEMO_NOW), deliverables: true }), now: () => new Date(DEMO_NOW) };
}

/** Everything a waku-pm run needs to talk to the simulator as the demo does. */
function demoEnv(sim: Simulator, cacheDir: string): Record<string, string> {
  return {
    GITHUB_API_URL: sim.url,
    // Set as well, so a GITHUB_GRAPHQL_URL already in the shell (GitHub Actions sets one) cannot win.
    GITHUB_GRAPHQL_URL: sim.graphqlUrl,
    GITHUB_TOKEN: DEMO_TOKEN,
    // The demo data is late 2023: without the pinned clock every due date is years overdue and
    // "the last 7 days" holds no update.
    WAKU_PM_NOW: DEMO_NOW,
    // The simulator gets a new port every run: keep its HTTP cache out of the user's ~/.cache.
    WAKU_PM_CACHE_DIR: cacheDir,
  };
}

/** A POSIX shell word: single-quoted, with embedded single quotes closed, escaped and reopened. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `export NAME='value'` lines any POSIX shell can `eval` or `.` (source). */
function exportLines(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([name, value]) => `export ${name}=${shellQuote(value)}\n`)
    .join("");
}

function run(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, GH_TOKEN: "", ...env },
      stdio: "inherit",
    });
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

async function walkthrough(): Promise<number> {
  const sim = await startSimulator(demoSimulator());
  const dir = mkdtempSync(join(tmpdir(), "waku-pm-demo-"));
  const env = demoEnv(sim, join(dir, "cache"));
  const bold = (s: string) => (process.stdout.isTTY ? `\u001b[1m${s}\u001b[22m` : s);
  process.stdout.write(
    `GitHub simulator with the demo organisation (waku-org, clock at ${DEMO_NOW}) at ${sim.url}\n`,
  );
  let failed = 0;
  try {
    for (const step of STEPS) {
      process.stdout.write(`\n${bold(`$ waku-pm ${step.args.join(" ")}`)}   # ${step.title}\n\n`);
      const code = await run(step.args, env);
      const expected = step.expect ?? 0;
      if (code !== 0) process.stdout.write(`(exit ${code}${code === expected ? ", as expected" : ""})\n`);
      if (code !== expected) failed++;
    }
    process.stdout.write(`\nThe simulator answered ${sim.log.length} requests for all of the above.\n`);
    process.stdout.write("Try it yourself on a fresh copy of the organisation: npm run demo -- --serve\n");
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return failed === 0 ? 0 : 1;
}

const SIGNAL_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Resolves with the exit code when the demo should stop: Ctrl-C, SIGTERM or SIGHUP, or its parent
 * gone. The last one matters under `npm run demo`: npm runs the demo through `sh -c`, and a SIGTERM
 * to npm reaches that shell, which dies without passing it on; the demo is then re-parented (its
 * ppid changes) and would otherwise keep the simulator listening forever.
 */
function untilStopped(): Promise<{ code: number; why: string }> {
  return new Promise((resolve) => {
    const parent = process.ppid;
    const handlers = new Map<NodeJS.Signals, () => void>();
    const stop = (result: { code: number; why: string }) => {
      clearInterval(watch);
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolve(result);
    };
    for (const [signal, code] of Object.entries(SIGNAL_CODES) as [NodeJS.Signals, number][]) {
      const handler = () => stop({ code, why: signal });
      handlers.set(signal, handler);
      process.on(signal, handler);
    }
    const watch = setInterval(() => {
      if (process.ppid !== parent) stop({ code: 143, why: "the parent process is gone" });
    }, 500);
  });
}

async function serve(port: number): Promise<number> {
  const sim = await startSimulator({ ...demoSimulator(), port });
  const dir = mkdtempSync(join(tmpdir(), "waku-pm-demo-"));
  try {
    const env = demoEnv(sim, join(dir, "cache"));
    const envFile = join(dir, "env.sh");
    writeFileSync(envFile, exportLines(env), { mode: 0o600 });
    // Listen for the stop signals before saying how to stop: a Ctrl-C right away must not kill the
    // process before it can close the simulator.
    const stopping = untilStopped();
    const bin = "node bin/waku-pm.js";
    process.stdout.write(
      `GitHub simulator serving a fresh copy of the demo organisation (waku-org as on ${DEMO_NOW.slice(0, 10)}; ` +
        `nothing synced yet) at ${sim.url}\n\n` +
        `In another shell, in ${ROOT}, set these (all ${Object.keys(env).length}: WAKU_PM_NOW pins the clock to the demo's date,\n` +
        "without it every due date is years overdue and the weekly report is empty):\n\n" +
        exportLines(env) +
        `\nor in one go:  . ${envFile}\n\nthen try:\n\n` +
        TRY.map((args) => `  ${bin} ${args}\n`).join("") +
        "\nPress Ctrl-C to stop (the simulator stops with it).\n",
    );
    const stopped = await stopping;
    process.stderr.write(`\nstopping the simulator (${stopped.why})\n`);
    return stopped.code;
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === "string") {
    process.stderr.write(args ? `${args}\n${USAGE}\n` : `${USAGE}\n`);
    process.exitCode = args ? 2 : 0;
    return;
  }
  process.exitCode = args.serve ? await serve(args.port) : await walkthrough();
}

await main();
