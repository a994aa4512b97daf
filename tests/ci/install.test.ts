/**
 * What a clean checkout and an install see: the CLI before `npm run build`, what `npm pack` ships,
 * and that the CLI's code needs no dev dependency (the simulator's packages stay out of a user's
 * install). `npm pack` and `npm ls` read the tree as it is; run `npm run build` first.
 */
import { execFile, spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { CODE_REUSED, ROOT } from "../helpers/cli.js";

const run = promisify(execFile);
const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
/** Only the simulator (and the bench and demo on top of it) uses these. */
const SIMULATOR_ONLY = ["ajv", "ajv-formats", "graphql", "@octokit/graphql-schema"];
/** Code that is not part of what a user installs. */
const DEV_ONLY_DIRS = ["simulator", "bench", "demo"];

describe("bin/waku-pm.js before npm run build", () => {
  const dir = mkdtempSync(join(tmpdir(), "waku-pm-unbuilt-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("says in one line to build first, exit 3, no stack", () => {
    // A clone without dist/: the bin script alone in a bin/ folder.
    mkdirSync(join(dir, "bin"));
    copyFileSync(join(ROOT, "bin/waku-pm.js"), join(dir, "bin/waku-pm.js"));
    const r = spawnSync(process.execPath, [join(dir, "bin/waku-pm.js"), "lint"], { encoding: "utf8" });
    expect(r.status).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^waku-pm: not built yet .*run `npm ci && npm run build`\n$/);
  });
});

describe("what a user installs", () => {
  it("the CLI's modules import only node: built-ins and runtime dependencies", () => {
    const problems: string[] = [];
    const src = join(ROOT, "src");
    for (const name of readdirSync(src, { recursive: true }) as string[]) {
      if (!name.endsWith(".ts") || DEV_ONLY_DIRS.includes(name.split("/")[0]!)) continue;
      const text = readFileSync(join(src, name), "utf8");
      // Type-only imports are erased at build time: they may name a dev dependency.
      for (const [, typeOnly, specifier] of text.matchAll(
        /^\s*(?:import|export)(\s+type\b)?[^"';]*?from\s+"([^"]+)"/gm,
      )) {
        if (typeOnly || specifier!.startsWith(".") || specifier!.startsWith("node:")) continue;
        const pkg = specifier!.startsWith("@")
          ? specifier!.split("/").slice(0, 2).join("/")
          : specifier!.split("/")[0]!;
        if (!Object.hasOwn(PACKAGE.dependencies, pkg)) problems.push(`src/${name}: ${specifier}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("npm ls --omit=dev lists none of the simulator's packages", async () => {
    for (const pkg of SIMULATOR_ONLY) expect(PACKAGE.devDependencies).toHaveProperty([pkg]);
    const { stdout } = await run("npm", ["ls", "--omit=dev", "--all", "--parseable"], { cwd: ROOT });
    const installed = stdout
      .split("\n")
      .filter(Boolean)
      .map((path) => relative(ROOT, path).replace(/^.*node_modules\//, ""));
    expect(installed.filter((name) => SIMULATOR_ONLY.includes(name))).toEqual([]);
    expect(installed).toContain("@octokit/rest");
  });

  it("npm pack ships the bin, the bundle and labels.yaml, not the simulator, bench or demo; those files alone run", async () => {
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT });
    const files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        "bin/waku-pm.js",
        "bin/package.json",
        "dist/bundle/cli.cjs",
        "dist/bundle/cli.cjs.cache",
        "labels.yaml",
      ]),
    );
    expect(files.filter((f) => /^dist\/(simulator|bench|demo)\/|\.map$|^src\/|^tests\//.test(f))).toEqual([]);

    // The packed files in a folder of their own (the runtime dependencies beside them, as an
    // install puts them): --version and lint of the shipped labels.yaml work, with the code cache.
    const dir = mkdtempSync(join(tmpdir(), "waku-pm-packed-"));
    try {
      for (const file of [...files, "package.json"]) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        copyFileSync(join(ROOT, file), join(dir, file));
        const { atime, mtime } = statSync(join(ROOT, file));
        utimesSync(join(dir, file), atime, mtime);
      }
      symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, [join(dir, "bin/waku-pm.js"), ...args], {
          cwd: dir,
          encoding: "utf8",
          env: { PATH: process.env.PATH ?? "", HOME: dir, NO_COLOR: "1", WAKU_PM_DEBUG: "1" },
        });
      const version = cli("--version");
      expect([version.status, version.stdout, version.stderr]).toEqual([
        0,
        `${(PACKAGE as { version?: string }).version}\n`,
        CODE_REUSED,
      ]);
      const lint = cli("lint");
      expect(lint.status, lint.stderr).toBe(0);
      expect(lint.stdout).toMatch(/^✓ labels\.yaml: \d+ labels/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
