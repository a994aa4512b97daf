/**
 * What a start evaluates: the bundle holds the whole CLI in one file, but `lint` and `--version`
 * must not run the GitHub client's code (Octokit, the HTTP cache, `gh`'s token fallback). Seen from
 * outside, through the built-in modules only that code needs: node:crypto and node:fs/promises (the
 * client and its cache) and node:child_process (`gh auth token`).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT } from "../helpers/cli.js";

const scratch = mkdtempSync(join(tmpdir(), "waku-pm-startup-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Preloaded with -r: says, as the process exits, which of the client's built-ins were loaded.
const probe = join(scratch, "probe.cjs");
writeFileSync(
  probe,
  `const watched = ["crypto", "fs/promises", "child_process"];
process.on("exit", () => {
  const loaded = watched.filter((m) => process.moduleLoadList.includes("NativeModule " + m));
  process.stderr.write("loaded: " + loaded.join(",") + "\\n");
});
`,
);

function loadedBy(args: string[]): string[] {
  const r = spawnSync(process.execPath, ["-r", probe, BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    // No token anywhere: a command that talks to GitHub loads the client, then stops for want of one.
    env: {
      PATH: "",
      HOME: scratch,
      NO_COLOR: "1",
      GH_CONFIG_DIR: scratch,
      GITHUB_API_URL: "http://127.0.0.1:9",
    },
  });
  const line = r.stderr.split("\n").find((l) => l.startsWith("loaded: "));
  expect(line, r.stderr).toBeDefined();
  return line!.slice("loaded: ".length).split(",").filter(Boolean);
}

describe("start-up", () => {
  it("lint and --version run none of the GitHub client's code", () => {
    expect(loadedBy(["lint"])).toEqual([]);
    expect(loadedBy(["lint", "--json"])).toEqual([]);
    expect(loadedBy(["--version"])).toEqual([]);
  });

  it("a command that talks to GitHub does (the probe sees the difference)", () => {
    expect(loadedBy(["status"])).toEqual(expect.arrayContaining(["crypto", "child_process"]));
  });
});
