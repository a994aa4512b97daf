/**
 * The token from `gh auth token` when neither GITHUB_TOKEN nor GH_TOKEN is set: a fake gh on PATH
 * logged in to the simulator's host. The CLI reads GitHub with it and never prints it, and a gh
 * logged in only to another host gives no token at all.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { runCli } from "../helpers/cli.js";

const TOKEN = "gho_fromGhCli_canary_42";
let sim: Simulator;
const dirs: string[] = [];

afterEach(async () => {
  await sim.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A gh that knows one login: TOKEN for `host`. */
function ghLoggedInTo(host: string): string {
  const dir = mkdtempSync(join(tmpdir(), "waku-pm-gh-"));
  dirs.push(dir);
  writeFileSync(
    join(dir, "gh"),
    `#!/bin/sh\n[ "$1 $2 $3 $4" = "auth token --hostname ${host}" ] && echo ${TOKEN} && exit 0\necho "no oauth token found for $4" >&2\nexit 1\n`,
  );
  chmodSync(join(dir, "gh"), 0o755);
  return dir;
}

async function start() {
  sim = await startSimulator({
    seed: {
      org: "acme",
      tokens: [TOKEN],
      repos: [{ name: "pm", labels: [{ name: "bug", color: "d73a4a" }] }],
    },
  });
}

describe("the gh auth token fallback", () => {
  it("reads GitHub with gh's token for the API's host, and prints it nowhere", async () => {
    await start();
    const gh = ghLoggedInTo(new URL(sim.url).host);
    const r = await runCli(["export-labels", "--org", "acme", "--verbose"], {
      env: { GITHUB_API_URL: sim.url, PATH: `${gh}:${process.env.PATH}` },
    });
    expect(r.stderr).not.toContain("no GitHub token");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("- name: bug");
    expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
  });

  it("does not use a login for another host", async () => {
    await start();
    const gh = ghLoggedInTo("github.com");
    const r = await runCli(["export-labels", "--org", "acme"], {
      env: { GITHUB_API_URL: sim.url, PATH: `${gh}:${process.env.PATH}` },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("no GitHub token");
    expect(r.stderr).toContain("gh auth login");
    expect(sim.log).toEqual([]);
  });
});
