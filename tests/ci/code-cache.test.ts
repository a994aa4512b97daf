/**
 * On Node 20, bin/waku-pm.js runs the bundle with V8's compiled code from the build
 * (dist/bundle/cli.cjs.cache). The cache only ever saves time: a missing, stale or foreign one
 * changes nothing a user sees, and a user's run never writes it. Each case runs a copy of the bin
 * and the bundle in a folder of its own, so the live bundle is never touched. On Node 22.1 or
 * later the bin uses Node's own compile cache instead, and the build's is not read at all.
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CODE_REUSED, NODE_KEEPS_CODE, ROOT } from "../helpers/cli.js";

const scratch = mkdtempSync(join(tmpdir(), "waku-pm-code-cache-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of bin/ and dist/bundle/ (cli.cjs and, unless told not to, its cache, mtimes kept). */
function install(name: string, withCache = true): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, "bin"), { recursive: true });
  mkdirSync(join(dir, "dist", "bundle"), { recursive: true });
  copyFileSync(join(ROOT, "bin/waku-pm.js"), join(dir, "bin/waku-pm.js"));
  for (const file of withCache ? ["cli.cjs", "cli.cjs.cache"] : ["cli.cjs"]) {
    const from = join(ROOT, "dist/bundle", file);
    const to = join(dir, "dist/bundle", file);
    copyFileSync(from, to);
    const { atime, mtime } = statSync(from);
    utimesSync(to, atime, mtime);
  }
  return dir;
}

function lint(dir: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(dir, "bin/waku-pm.js"), "lint", "--json"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: scratch, NO_COLOR: "1", WAKU_PM_DEBUG: "1", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(NODE_KEEPS_CODE)("the code cache (Node 20)", () => {
  const expected = lint(join(ROOT)).stdout;

  it("npm run build leaves one that this Node uses", () => {
    const r = lint(ROOT);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("waku-pm: code cache used\n");
    expect(JSON.parse(r.stdout).valid).toBe(true);
  });

  it("is not used when the bundle is newer (edited or rebuilt), and the run is the same", () => {
    const dir = install("stale");
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir, "dist/bundle/cli.cjs.cache"), past, past);
    const r = lint(dir);
    expect(r.stderr).toBe("waku-pm: code cache not used: older than the bundle\n");
    expect([r.code, r.stdout]).toEqual([0, expected]);
  });

  it("is refused by V8 when it is not V8's data, or was made under other V8 flags, and nothing else changes", () => {
    const dir = install("garbage");
    writeFileSync(join(dir, "dist/bundle/cli.cjs.cache"), Buffer.alloc(4096, 7));
    const garbage = lint(dir);
    expect(garbage.stderr).toBe("waku-pm: code cache refused by V8 (another Node, or other V8 flags)\n");
    expect([garbage.code, garbage.stdout]).toEqual([0, expected]);

    const flags = lint(install("flags"), { NODE_OPTIONS: "--max-old-space-size=300" });
    expect(flags.stderr).toBe("waku-pm: code cache refused by V8 (another Node, or other V8 flags)\n");
    expect([flags.code, flags.stdout]).toEqual([0, expected]);
  });

  it("is never written by a user's run: without one, every run compiles and none leaves a cache behind", () => {
    const dir = install("none", false);
    for (let i = 0; i < 2; i++) {
      const r = lint(dir);
      expect(r.stderr).toBe("waku-pm: code cache not used: there is none (npm run build makes it)\n");
      expect([r.code, r.stdout]).toEqual([0, expected]);
    }
    expect(existsSync(join(dir, "dist/bundle/cli.cjs.cache"))).toBe(false);
  });
});

describe.runIf(NODE_KEEPS_CODE)("compiled code on Node 22.1 or later", () => {
  it("is Node's own: the build's cache is not read, and a run works without it", () => {
    const dir = install("node-22", false);
    const r = lint(dir);
    expect(r.stderr).toBe(CODE_REUSED);
    expect([r.code, r.stdout]).toEqual([0, lint(ROOT).stdout]);
  });
});
