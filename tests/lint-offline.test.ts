/**
 * `waku-pm lint` works offline: no token, no request, not even the GitHub client loaded, and it
 * finds the config where users keep it. In-process (`main` with a fake process): nothing here
 * needs the built CLI.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runMain } from "./helpers/process-io.js";

/** How many times the GitHub client module (the only Octokit importer) was loaded in this file. */
const clientLoads = vi.hoisted(() => ({ count: 0 }));
vi.mock("../src/github/client.js", async (importOriginal) => {
  clientLoads.count++;
  return importOriginal();
});

const TOKEN = "ghp_lintMustNeverTouchThisToken0000000000";

describe("lint needs no token and makes no request", () => {
  let server: Server;
  let requests = 0;
  let url = "";

  beforeAll(async () => {
    // Stands in for GitHub: any request lint made would be counted here.
    server = createServer((_req, res) => {
      requests++;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("exits 0 without any token in the environment", async () => {
    const r = await runMain(["lint"], { env: { GITHUB_API_URL: url, GITHUB_GRAPHQL_URL: `${url}/graphql` } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(requests).toBe(0);
  });

  it("sends nothing even when a token and an API URL are set, and never prints the token", async () => {
    for (const config of ["labels.yaml", "tests/fixtures/configs/three-errors.yaml"]) {
      const r = await runMain(["lint", "--config", config, "--verbose"], {
        env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: url, GITHUB_ACTIONS: "true" },
      });
      expect([0, 2]).toContain(r.code);
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
    }
    expect(requests).toBe(0);
  });
});

describe("start-up loads only what the command needs", () => {
  // Octokit and its plugins are the largest part of start-up; lint and --version must not pay it.
  it("lint and --version do not load the GitHub client; a command that reads GitHub does", async () => {
    expect((await runMain(["lint"])).code).toBe(0);
    expect((await runMain(["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect((await runMain(["--config", "labels.yaml", "lint", "--json"])).code).toBe(0);
    expect(clientLoads.count).toBe(0);

    // The counter-check: status needs the client (and, without a token, says so).
    const status = await runMain(["status"]);
    expect(status.code).toBe(3);
    expect(status.stderr).toContain("no GitHub token");
    expect(clientLoads.count).toBe(1);
  });
});

describe("lint finds the config file", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "waku-pm-lint-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("without labels.yaml or .github/labels.yml: exit 2 naming both paths", async () => {
    const r = await runMain(["lint"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("labels.yaml");
    expect(r.stderr).toContain(".github/labels.yml");
    expect(r.stderr).toContain("--config");
  });

  it("falls back to .github/labels.yml, where waku-org/pm kept it", async () => {
    mkdirSync(join(dir, ".github"), { recursive: true });
    writeFileSync(
      join(dir, ".github/labels.yml"),
      "- name: bug\n  color: d73a4a\n- name: Bug\n  color: d73a4a\n",
    );
    const r = await runMain(["lint"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.github/labels.yml:3:9: label "Bug": same name as label "bug" on line 1');
  });

  it("prefers ./labels.yaml over .github/labels.yml", async () => {
    writeFileSync(join(dir, "labels.yaml"), "org: waku-org\nlabels:\n  - name: bug\n    color: D73A4A\n");
    const r = await runMain(["lint"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("✓ labels.yaml: 1 label (0 track, 0 epic) valid\n");
  });

  it("--config naming a missing file: exit 2 naming it", async () => {
    const r = await runMain(["lint", "--config", "nope/labels.yaml"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("config file not found: nope/labels.yaml");
  });
});
