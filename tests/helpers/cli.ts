/**
 * Runs the built CLI (`bin/waku-pm.js` → `dist/bundle/`) as a subprocess, the way a user does.
 * `npm test` builds first; when running one file by hand, run `npm run build` before. For offline
 * behaviour (no GitHub involved), prefer `runMain` from ./process-io.ts: in-process, no build.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import nodeModule from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = fileURLToPath(new URL("../../bin/waku-pm.js", import.meta.url));

/** Node 22.1 or later keeps compiled code itself (`module.enableCompileCache`); Node 20 uses the build's. */
export const NODE_KEEPS_CODE = "enableCompileCache" in nodeModule;
/** What the bin says under WAKU_PM_DEBUG when a start reuses compiled code, on this Node. */
export const CODE_REUSED = NODE_KEEPS_CODE
  ? "waku-pm: code cache kept by Node itself (module.enableCompileCache, Node 22.1 or later)\n"
  : "waku-pm: code cache used\n";

const cacheDirs = new Map<string, string>();

/** An empty GitHub CLI configuration: gh, if installed, knows no login. */
export const EMPTY_GH_CONFIG = mkdtempSync(join(tmpdir(), "waku-pm-test-gh-"));

/**
 * One HTTP cache folder per test file, so tests never write to the user's ~/.cache and a file's
 * runs can share cached answers (ETags keep them correct), while a file never sees another's: test
 * files share a worker (vitest.config.ts), and a cached answer would turn a 200 into a 304 and
 * change the request counts a test asserts. A test may pass its own WAKU_PM_CACHE_DIR.
 */
export function testCacheDir(): string {
  const file = expect.getState().testPath ?? "";
  let dir = cacheDirs.get(file);
  if (dir === undefined) {
    dir = mkdtempSync(join(tmpdir(), "waku-pm-test-cache-"));
    cacheDirs.set(file, dir);
  }
  return dir;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Added to a minimal environment (PATH, HOME); GITHUB_* from the parent are NOT inherited. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  input?: string;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    NO_COLOR: "1",
    WAKU_PM_CACHE_DIR: testCacheDir(),
    // A developer's own `gh auth login` must never become a test's token (the gh fallback).
    GH_CONFIG_DIR: EMPTY_GH_CONFIG,
  };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}
