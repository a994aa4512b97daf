/**
 * sync-labels in daily use, end to end (the built CLI against the simulator): what a piped run says
 * while it writes, how it ends on SIGTERM and SIGHUP, how it slows down when GitHub pushes back,
 * writes whose answer was lost, --repo globs and forks, and the words of its closing lines.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { SeedIssue, SeedLabel, SeedRepo } from "../../src/simulator/seed.js";
import { findRepo, issueLabels } from "../../src/simulator/state.js";
import { BIN, type CliResult, ROOT, runCli } from "../helpers/cli.js";

const TOKEN = "ghp_daily_canary_456";
const CONFIG = fileURLToPath(new URL("../fixtures/sync/labels.yaml", import.meta.url));
const PM_ONLY = fileURLToPath(new URL("../fixtures/sync/pm-only.yaml", import.meta.url));
/** labels.yaml's six labels, as a repository in sync has them. */
const IN_SYNC: SeedLabel[] = [
  { name: "bug", color: "d73a4a", description: "Something isn't working" },
  { name: "documentation", color: "0075ca", description: "Improvements or additions to documentation" },
  { name: "enhancement", color: "a2eeef", description: "New feature or request" },
  {
    name: "E:PostgreSQL",
    color: "35dccc",
    description: "See https://github.com/waku-org/pm/issues/97 for details",
  },
  {
    name: "track: 100% a/b?",
    color: "5319e7",
    description: "Names with space, colon, percent, slash and question mark",
  },
  { name: "🚀 launch", color: "fbca04", description: "Emoji in the name" },
];

const CACHE_DIR = mkdtempSync(join(tmpdir(), "waku-pm-daily-cache-"));
let sim: Simulator | undefined;

afterAll(() => rmSync(CACHE_DIR, { recursive: true, force: true }));
afterEach(async () => {
  if (sim) {
    expect(sim.violations).toEqual([]);
    await sim.close();
    sim = undefined;
  }
});

async function start(repos: SeedRepo[], extra: { secondaryWriteSpacingMs?: number } = {}) {
  sim = await startSimulator({ seed: { org: "waku-org", tokens: [TOKEN], repos }, ...extra });
  return sim;
}

function env(extra: Record<string, string> = {}) {
  return { GITHUB_TOKEN: TOKEN, WAKU_PM_RETRY_BASE_MS: "1", WAKU_PM_CACHE_DIR: CACHE_DIR, ...extra };
}

function sync(
  url: string,
  args: string[],
  options: { config?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return runCli(
    ["sync-labels", "--config", options.config ?? CONFIG, "--api-url", url, "--write-interval", "0", ...args],
    { env: env(options.env) },
  );
}

function writes(s: Simulator) {
  return s.log.filter((e) => e.write);
}

function names(s: Simulator, repo: string): string[] {
  return findRepo(s.state, repo)!.labels.map((l) => l.name);
}

function issue(number: number, labels: string[]): SeedIssue {
  return { number, title: `issue ${number}`, state: "open", labels };
}

describe("a piped sync says what it does", () => {
  it("prints the plan's counts and its time before the first write, then a line per repository with counts and ETA", async () => {
    const s = await start([
      { name: "js-waku", labels: IN_SYNC.filter((l) => l.name !== "bug") },
      { name: "nwaku", labels: [] },
      { name: "pm", labels: IN_SYNC },
    ]);
    const r = await sync(s.url, ["--write-interval", "5"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.trimEnd().split("\n");
    // Before anything is written: how much, where, and how long at the configured pace.
    expect(lines[0]).toBe(
      "waku-pm: 7 writes planned in 2 repositories; at least 35ms at one write per 5ms (--write-interval)",
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^waku-pm: waku-org\/js-waku: 1 applied · 1\/2 repositories, 1\/7 writes · ETA \d+s$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^waku-pm: waku-org\/nwaku: 6 applied · 2\/2 repositories, 7\/7 writes · ETA 0s$/,
      ),
    );
    expect(writes(s)).toHaveLength(7);
  });

  it("inside a large repository, a line every 25 writes", async () => {
    const many = Array.from(
      { length: 60 },
      (_, i) => `  - name: area-${String(i).padStart(2, "0")}\n    color: c5def5\n`,
    );
    const dir = mkdtempSync(join(tmpdir(), "waku-pm-many-"));
    const config = join(dir, "labels.yaml");
    writeFileSync(config, `org: waku-org\nlabels:\n${many.join("")}`);
    try {
      const s = await start([{ name: "nwaku", labels: [] }]);
      const r = await sync(s.url, [], { config });
      expect(r.code, r.stderr).toBe(0);
      const within = r.stderr.split("\n").filter((l) => /^waku-pm: waku-org\/nwaku: \d+\/60 writes/.test(l));
      expect(within.map((l) => l.match(/(\d+)\/60 writes/)?.[1])).toEqual(["25", "50"]);
      expect(r.stderr).toContain("waku-pm: waku-org/nwaku: 60 applied · 1/1 repository, 60/60 writes");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("stopping a sync", () => {
  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const) {
    it(`${signal} ends it after the current write with the summary Ctrl-C gives, exit ${code}`, async () => {
      const s = await start([{ name: "nwaku", labels: [] }]);
      const child = spawn(
        process.execPath,
        [BIN, "sync-labels", "--config", CONFIG, "--api-url", s.url, "--write-interval", "150"],
        { cwd: ROOT, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...env() }, stdio: "pipe" },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => {
        stdout += d;
      });
      child.stderr.setEncoding("utf8").on("data", (d: string) => {
        stderr += d;
      });
      const closed = new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
      while (writes(s).length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
      child.kill(signal);
      expect(await closed).toBe(code);
      expect(stderr).toContain("stopping after the current write");
      expect(stderr).toContain(
        "interrupted; what was done is listed above. Run the same command again to finish.",
      );
      // The summary: what was applied, and what was not done.
      expect(stdout).toMatch(/1 repository: .*\nchanges: \d+ create, \d+ not done \(re-run to finish\)\n$/);
      expect(writes(s).length).toBeLessThan(6);
    });
  }
});

describe("GitHub pushing back", () => {
  it("with --write-interval 0 against a secondary limit, spaces writes further apart after a refusal and says so", async () => {
    const s = await start([{ name: "nwaku", labels: [] }], { secondaryWriteSpacingMs: 60 });
    // Retry waits of 40 ms per "second" of retry-after: a refused write gets through on a retry.
    const r = await sync(s.url, [], { env: { WAKU_PM_RETRY_BASE_MS: "40" } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/writes are now spaced 100ms apart/);
    expect(writes(s).filter((w) => w.status === 201)).toHaveLength(6);
    // Without the backoff every write after the first is refused at least once (five or more).
    expect(s.log.filter((e) => e.status === 403).length).toBeLessThanOrEqual(2);
  });

  it("a create whose answer was lost is retried, answered already_exists, read back and counted done", async () => {
    const s = await start([{ name: "pm", labels: IN_SYNC.filter((l) => l.name !== "E:PostgreSQL") }]);
    // In front of the simulator: the first label creation is applied, but its answer never arrives.
    const proxy = await losingProxy(
      s.url,
      (method, path) => method === "POST" && path === "/repos/waku-org/pm/labels",
    );
    try {
      const r = await sync(proxy.url, ["--json"], { config: PM_ONLY });
      expect(r.code, r.stderr).toBe(0);
      const json = JSON.parse(r.stdout) as { repos: { changes: { action: string; status: string }[] }[] };
      expect(json.repos[0]?.changes).toMatchObject([
        { action: "create", name: "E:PostgreSQL", status: "applied" },
      ]);
      // The lost answer, the retry GitHub refused (422), and the read-back.
      expect(
        s.log.filter((e) => e.method === "POST" && e.path.endsWith("/labels")).map((e) => e.status),
      ).toEqual([201, 422]);
      expect(
        s.log.some((e) => e.method === "GET" && e.path === "/repos/waku-org/pm/labels/E:PostgreSQL"),
      ).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it("a rename whose answer was lost is read back too: the old name gone, the new one as planned", async () => {
    const s = await start([
      {
        name: "pm",
        labels: [{ name: "E:Postgres", color: "35dccc" }, IN_SYNC[0]!],
        issues: [issue(1, ["E:Postgres"])],
      },
    ]);
    const proxy = await losingProxy(s.url, (method) => method === "PATCH");
    try {
      const r = await sync(proxy.url, [], { config: PM_ONLY });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/rename\tE:Postgres → E:PostgreSQL\tfrom alias;[^\n]*\tapplied\n/);
      // The applied PATCH whose answer was lost, then the retry that found the old name gone.
      expect(s.log.filter((e) => e.method === "PATCH").map((e) => e.status)).toEqual([200, 404]);
      const repo = findRepo(s.state, "pm")!;
      expect(issueLabels(repo, repo.issues[0]!).map((l) => l.name)).toEqual(["E:PostgreSQL"]);
    } finally {
      await proxy.close();
    }
  });
});

describe("the HTTP cache is never the only evidence for a delete", () => {
  it("--prune re-reads uncached who carries a label before deleting it", async () => {
    const cache = mkdtempSync(join(tmpdir(), "waku-pm-tampered-"));
    try {
      const s = await start([
        {
          name: "pm",
          labels: [
            ...IN_SYNC.slice(0, 2),
            { name: "E:PostgreSQL", color: "35dccc" },
            { name: "wontfix", color: "ffffff" },
          ],
          issues: [issue(1, ["wontfix"])],
        },
      ]);
      const args = ["--prune", "--check", "--json"];
      const first = await sync(s.url, args, { config: PM_ONLY, env: { WAKU_PM_CACHE_DIR: cache } });
      expect(first.code, first.stderr).toBe(1);
      // Rewrite every cached answer listing wontfix's issues to "none", keeping its ETag, so GitHub
      // answers 304 and the cache's "[]" would stand.
      let tampered = 0;
      for (const file of readdirSync(cache)) {
        const entry = JSON.parse(readFileSync(join(cache, file), "utf8")) as { body: string };
        if (entry.body.includes('"wontfix"')) {
          entry.body = "[]";
          writeFileSync(join(cache, file), JSON.stringify(entry));
          tampered++;
        }
      }
      expect(tampered).toBeGreaterThan(0);
      const r = await sync(s.url, ["--prune", "--json"], {
        config: PM_ONLY,
        env: { WAKU_PM_CACHE_DIR: cache },
      });
      expect(r.code, r.stderr).toBe(0);
      expect(names(s, "pm")).toContain("wontfix");
      const repo = findRepo(s.state, "pm")!;
      expect(issueLabels(repo, repo.issues[0]!).map((l) => l.name)).toEqual(["wontfix"]);
      const json = JSON.parse(r.stdout) as { repos: { changes: { action: string; name: string }[] }[] };
      expect(json.repos[0]?.changes.filter((c) => c.name === "wontfix")).toMatchObject([
        { action: "keep-in-use" },
      ]);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe("--repo", () => {
  it("takes globs as the config's include does, and a fork named by --repo is synced", async () => {
    const s = await start([
      { name: "js-waku", labels: [] },
      { name: "js-noise", labels: [] },
      { name: "nwaku", labels: [] },
      { name: "forked", fork: true, labels: [] },
    ]);
    const r = await sync(s.url, ["--repo", "js-*", "--repo", "forked", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { repos: { repo: string; status: string }[] };
    expect(json.repos.map((x) => [x.repo, x.status])).toEqual([
      ["waku-org/forked", "ok"],
      ["waku-org/js-noise", "ok"],
      ["waku-org/js-waku", "ok"],
    ]);
    expect(names(s, "forked")).toContain("bug");
    expect(names(s, "nwaku")).toEqual([]);

    const none = await sync(s.url, ["--repo", "go-*"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--repo: "go-*" matches no repository of waku-org');

    const check = await runCli(["check", "--config", CONFIG, "--api-url", s.url, "--repo", "n*", "--json"], {
      env: env(),
    });
    const drift = JSON.parse(check.stdout) as { drift: { repo: string }[] };
    expect(drift.drift.map((d) => d.repo)).toEqual(["waku-org/nwaku"]);
  });
});

describe("closing words", () => {
  it("does not say the other repositories were synced on a dry run or when every repository failed", async () => {
    const s = await start([
      { name: "js-waku", labels: [] },
      { name: "nwaku", labels: [] },
    ]);
    // GraphQL down: labels are read with REST, where both repositories fail.
    s.injectFault({ kind: "server-error", method: "POST", path: "/graphql", times: 8 });
    s.injectFault({ kind: "server-error", method: "GET", path: /\/labels$/, times: 100 });
    const dry = await sync(s.url, ["--dry-run"]);
    expect(dry.code).toBe(3);
    expect(dry.stderr).toContain("could not plan 2 repositories: waku-org/js-waku, waku-org/nwaku");
    expect(dry.stderr).not.toContain("were synced");

    const real = await sync(s.url, []);
    expect(real.code).toBe(3);
    expect(real.stderr).toContain("sync failed in 2 repositories");
    expect(real.stderr).not.toContain("were synced");
  });
});

/**
 * An HTTP proxy in front of the simulator that forwards the first request `lose` picks, lets the
 * simulator apply it, and then cuts the connection instead of passing the answer on.
 */
async function losingProxy(
  target: string,
  lose: (method: string, path: string) => boolean,
): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  let lost = false;
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const drop = !lost && lose(req.method ?? "GET", path);
    if (drop) lost = true;
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        if (drop) {
          answer.resume();
          answer.on("end", () => res.socket?.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
