/**
 * The standalone runner (`node dist/simulator/main.js`), run as a user runs it. Needs
 * `npm run build` first, like the CLI tests.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { label, repo, seed } from "./helpers.js";

const MAIN = fileURLToPath(new URL("../../dist/simulator/main.js", import.meta.url));
const children: ChildProcess[] = [];

function run(args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  return { child, stdout: () => out, stderr: () => err };
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

async function waitFor(read: () => string, pattern: RegExp): Promise<RegExpExecArray> {
  for (let i = 0; i < 200; i++) {
    const m = pattern.exec(read());
    if (m) return m;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never printed ${pattern}: ${read()}`);
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await exited(child);
    }
  }
});

describe("node dist/simulator/main.js", () => {
  it("serves a seed file on 127.0.0.1, prints the env lines, and stops cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-main-"));
    const file = join(dir, "seed.json");
    writeFileSync(
      file,
      JSON.stringify(seed([repo("pm", { labels: [label("bug", "d73a4a")] })], ["file-token"])),
    );
    const proc = run(["--seed", file, "--latency", "1"]);
    const url = (await waitFor(proc.stdout, /GITHUB_API_URL=(http:\/\/127\.0\.0\.1:\d+)/))[1]!;
    expect(proc.stdout()).toContain("GITHUB_TOKEN=file-token");
    expect(proc.stdout()).toContain(`GITHUB_GRAPHQL_URL=${url}/graphql`);
    const res = await fetch(`${url}/repos/acme/pm/labels`, {
      headers: { authorization: "token file-token" },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }[]).map((l) => l.name)).toEqual(["bug"]);
    proc.child.kill("SIGTERM");
    expect(await exited(proc.child)).toBe(0);
  });

  it("serves the demo organisation with --demo", async () => {
    const proc = run(["--demo"]);
    const url = (await waitFor(proc.stdout, /GITHUB_API_URL=(http:\/\/127\.0\.0\.1:\d+)/))[1]!;
    const token = (await waitFor(proc.stdout, /GITHUB_TOKEN=(\S+)/))[1]!;
    const res = await fetch(`${url}/repos/waku-org/pm/milestones?state=all`, {
      headers: { authorization: `token ${token}` },
    });
    expect(res.status).toBe(200);
    const titles = ((await res.json()) as { title: string }[]).map((m) => m.title);
    expect(titles).toContain("Waku Network Gen 0");
  });

  it("exits 2 with the usage on bad arguments", async () => {
    const proc = run(["--port", "lots"]);
    expect(await exited(proc.child)).toBe(2);
    expect(proc.stderr()).toMatch(/--port needs a whole number/);
    expect(proc.stderr()).toMatch(/usage:/);
  });
});
