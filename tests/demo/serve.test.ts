/**
 * `npm run demo -- --serve`: what it prints is enough to reproduce the README's samples (every
 * variable, the pinned clock included, as `export` lines a shell can source), the organisation it
 * serves has not been synced yet, and stopping it (Ctrl-C, SIGTERM, or SIGTERM to the `sh -c` npm
 * runs it under) closes the simulator's port. Runs dist/, so `npm run build` first.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

const DEMO = fileURLToPath(new URL("../../dist/demo/run-demo.js", import.meta.url));

/** Only what a fresh shell has: nothing of GITHUB_* or WAKU_PM_* leaks in from the test run. */
const BARE_ENV = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1" };

interface Served {
  child: ChildProcess;
  out: string;
  url: string;
  port: number;
  exports: string;
  envFile: string;
}

const started: ChildProcess[] = [];

afterEach(() => {
  // A test that failed half-way must not leave a simulator behind: kill its whole process group.
  for (const child of started.splice(0)) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

function serve(command: string, args: string[]): Promise<Served> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: BARE_ENV,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (!out.includes("Press Ctrl-C")) return;
      const url = /at (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      const envFile = /or in one go: {2}\. (\S+)/.exec(out);
      if (!url || !envFile) return reject(new Error(`unexpected output:\n${out}`));
      const exports = out
        .split("\n")
        .filter((l) => l.startsWith("export "))
        .join("\n");
      resolve({ child, out, url: url[1]!, port: Number(url[2]), exports, envFile: envFile[1]! });
    });
    child.on("exit", (code) => reject(new Error(`demo exited (${code}) before serving:\n${out}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
}

/** Whether something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Waits (a bounded number of checks) for the port to close; the answer is whether it did. */
async function closes(port: number): Promise<boolean> {
  for (let i = 0; i < 60; i++) {
    if (!(await listening(port))) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** Runs `waku-pm ARGS` in a bare shell after evaluating the printed export lines, as a user would. */
function inShell(exports: string, args: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync("sh", ["-c", `${exports}\nexec node bin/waku-pm.js ${args}`], {
    cwd: ROOT,
    env: BARE_ENV,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run demo -- --serve", () => {
  it("prints every variable as export lines, and with them the README's samples come out as printed there", async () => {
    const served = await serve(process.execPath, [DEMO, "--serve"]);
    for (const name of [
      "GITHUB_API_URL",
      "GITHUB_GRAPHQL_URL",
      "GITHUB_TOKEN",
      "WAKU_PM_NOW",
      "WAKU_PM_CACHE_DIR",
    ]) {
      expect(served.exports).toMatch(new RegExp(`^export ${name}='[^']+'$`, "m"));
    }
    expect(served.exports).toContain(`export GITHUB_API_URL='${served.url}'`);

    // The pinned clock comes with them: Gen 0 is due in 4 days, not "overdue by 1096 days".
    const status = inShell(served.exports, "status --milestone gen0");
    expect(status.stderr).not.toMatch(/error/i);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("due 2023-12-01 (4 days left)");

    // Nothing was synced: the README's dry run plans exactly its three changes.
    const dryRun = inShell(
      served.exports,
      "sync-labels --dry-run --repo nwaku --repo js-waku --repo go-waku",
    );
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain("update\tcritical\tcolor ff0000 → b60205");
    expect(dryRun.stdout).toContain("rename\tBug → bug\tcase only");
    expect(dryRun.stdout).toContain("rename\tE:Postgres → E:PostgreSQL\tfrom alias");
    expect(dryRun.stdout).toContain("3 repositories: 3 would change, 0 in sync");

    // The env file says the same as the printed lines.
    const sourced = spawnSync(
      "sh",
      ["-c", `. '${served.envFile}'; printf '%s\\n' "$WAKU_PM_NOW" "$GITHUB_API_URL"`],
      {
        env: BARE_ENV,
        encoding: "utf8",
      },
    );
    expect(sourced.stdout).toBe(`2023-11-27T09:00:00Z\n${served.url}\n`);

    served.child.kill("SIGTERM");
    expect(await exited(served.child)).toBe(143);
    expect(await listening(served.port)).toBe(false);
    expect(existsSync(served.envFile)).toBe(false);
  });

  it("Ctrl-C stops the simulator too", async () => {
    const served = await serve(process.execPath, [DEMO, "--serve"]);
    expect(await listening(served.port)).toBe(true);
    served.child.kill("SIGINT");
    expect(await exited(served.child)).toBe(130);
    expect(await listening(served.port)).toBe(false);
  });

  it("SIGTERM to the shell npm runs it under stops the simulator too", async () => {
    // npm runs scripts as `sh -c "npm run build --silent && node dist/demo/run-demo.js"`: the shell
    // dies of the SIGTERM npm forwards and does not pass it on to the demo.
    const served = await serve("sh", ["-c", `true && "${process.execPath}" "${DEMO}" --serve`]);
    expect(await listening(served.port)).toBe(true);
    served.child.kill("SIGTERM");
    await exited(served.child);
    expect(await closes(served.port)).toBe(true);
    expect(existsSync(served.envFile)).toBe(false);
  });
});
