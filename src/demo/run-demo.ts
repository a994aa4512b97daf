/**
 * `npm run demo`: the main job of waku-pm on waku-org-like data, with nothing to set up.
 * Starts the GitHub simulator seeded with the demo organisation on 127.0.0.1, then runs the CLI
 * against it as a user would (a subprocess with GITHUB_API_URL and a token pointing at it).
 *
 *   npm run demo              lint, status, a label sync (dry run, then for real), check, the weekly report
 *   npm run demo -- --serve   also keep the simulator running and print how to point waku-pm at it
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_TEAM, DEMO_TOKEN, demoSeed } from "../simulator/demo-seed.js";
import { startSimulator } from "../simulator/index.js";

const BIN = fileURLToPath(new URL("../../bin/waku-pm.js", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/**
 * The demo organisation is waku-org as it was in late 2023, so its clock is pinned to Monday
 * 2023-11-27, the morning the lead wrote the weekly report, four days before Gen 0 was due.
 */
const DEMO_NOW = "2023-11-27T09:00:00Z";

interface Step {
  title: string;
  args: string[];
  /** The exit code this step has on the demo data (check finds the demo's deliberate mistake). */
  expect?: number;
}

const STEPS: Step[] = [
  { title: "Is labels.yaml valid?", args: ["lint"] },
  { title: "Progress of Waku Network Gen 0, epic by epic", args: ["status", "--milestone", "gen0"] },
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
];

function run(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: "inherit",
    });
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  const serve = process.argv.includes("--serve");
  const sim = await startSimulator({ seed: demoSeed({ now: new Date(DEMO_NOW) }) });
  // The simulator gets a new port every run: keep its HTTP cache out of the user's ~/.cache.
  const cacheDir = mkdtempSync(join(tmpdir(), "waku-pm-demo-cache-"));
  const env = {
    GITHUB_API_URL: sim.url,
    GITHUB_TOKEN: DEMO_TOKEN,
    GH_TOKEN: "",
    WAKU_PM_NOW: DEMO_NOW,
    WAKU_PM_CACHE_DIR: cacheDir,
  };
  const bold = (s: string) => (process.stdout.isTTY ? `\u001b[1m${s}\u001b[22m` : s);
  process.stdout.write(
    `GitHub simulator with the demo organisation (waku-org, clock at ${DEMO_NOW}) at ${sim.url}\n`,
  );
  let failed = 0;
  for (const step of STEPS) {
    process.stdout.write(`\n${bold(`$ waku-pm ${step.args.join(" ")}`)}   # ${step.title}\n\n`);
    const code = await run(step.args, env);
    const expected = step.expect ?? 0;
    if (code !== 0) process.stdout.write(`(exit ${code}${code === expected ? ", as expected" : ""})\n`);
    if (code !== expected) {
      failed++;
    }
  }
  const requests = sim.log.length;
  process.stdout.write(`\nThe simulator answered ${requests} requests for all of the above.\n`);
  if (serve) {
    process.stdout.write(
      `\nThe simulator keeps running. In another shell:\n\n` +
        `  export GITHUB_API_URL=${sim.url} GITHUB_TOKEN=${DEMO_TOKEN} WAKU_PM_NOW=${DEMO_NOW}\n` +
        `  node bin/waku-pm.js status\n\nPress Ctrl-C to stop.\n`,
    );
    await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  }
  await sim.close();
  rmSync(cacheDir, { recursive: true, force: true });
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();
