#!/usr/bin/env node
/**
 * `npm run build`: two outputs from src/, both made by esbuild in about a second. Type checking is
 * not part of the build; it is `npm run typecheck` (and `npm run check`, which CI runs).
 *
 *   dist/**        every module of src/ transpiled one to one, plus the JSON files they import: the
 *                  simulator, the demo, the bench, and any module a test or script runs from dist/.
 *   dist/bundle/   what bin/waku-pm.js runs: cli.cjs, src/cli.ts with its npm dependencies in one
 *                  CommonJS file, and cli.cjs.cache, V8's compiled code of what `lint` runs. Each
 *                  module in the file is still evaluated only when a run needs it (esbuild wraps
 *                  what `import()` loads, so `lint` never runs Octokit's code). One file instead of
 *                  hundreds in node_modules, and code compiled once at build time instead of at
 *                  every start, are what keep start-up cheap (bin/waku-pm.js says more).
 *
 *   node scripts/build.mjs [--metafile]   --metafile also writes dist/bundle-meta.json (what is in the bundle)
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = join(ROOT, "src");
const DIST = join(ROOT, "dist");
const BUNDLE = join(DIST, "bundle");

const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
// Node 20.11 is the oldest supported (package.json engines); it has import attributes.
const TARGET = "node20.11";
const define = { WAKU_PM_VERSION: JSON.stringify(version) };

/**
 * Packages that cannot be bundled (native addons), loaded from node_modules at run time. They must
 * stay in package.json's dependencies.
 */
const EXTERNAL = ["@resvg/resvg-js"];

/**
 * Built-in modules the bundle requires as it loads but most runs never use, loaded on first use
 * instead: commander requires child_process at load, for executable subcommands (waku-pm has
 * none), and loading it pulls in net, dgram and more, a few milliseconds of every start. In the
 * bundle, `require("node:child_process")` gives an object that requires the real module the
 * first time one of its properties is read.
 */
const DEFERRED_BUILTINS = ["child_process"];

const deferredBuiltins = {
  name: "deferred-builtins",
  setup(build) {
    const filter = new RegExp(`^(node:)?(${DEFERRED_BUILTINS.join("|")})$`);
    build.onResolve({ filter }, (args) =>
      args.namespace === "deferred-builtin"
        ? { path: args.path, external: true }
        : { path: args.path.replace(/^node:/, ""), namespace: "deferred-builtin" },
    );
    build.onLoad({ filter: /.*/, namespace: "deferred-builtin" }, (args) => ({
      contents: `let real;
const load = () => (real ??= require("node:${args.path}"));
module.exports = new Proxy({}, {
  get: (_, key) => Reflect.get(load(), key),
  has: (_, key) => Reflect.has(load(), key),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
    return descriptor && { ...descriptor, configurable: true };
  },
});`,
      loader: "js",
    }));
  },
};

const files = readdirSync(SRC, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
const sources = files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"));
const assets = files.filter((file) => file.endsWith(".json"));

async function transpileAll() {
  await build({
    entryPoints: sources,
    outdir: DIST,
    outbase: SRC,
    format: "esm",
    platform: "node",
    target: TARGET,
    sourcemap: true,
    define,
    logLevel: "warning",
  });
  for (const file of assets) {
    const target = join(DIST, relative(SRC, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
}

async function bundleCli(withMetafile) {
  // Built beside the live bundle and swapped in at the end: another run of the CLI (a test, a
  // colleague's shell) never sees a half-written bundle, and files of an older build do not pile up.
  const staging = `${BUNDLE}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const result = await build({
    entryPoints: [join(SRC, "cli.ts")],
    outfile: join(staging, "cli.cjs"),
    bundle: true,
    // CommonJS, not ES modules: Node 20 can reuse compiled code only for a script (vm.Script's
    // cached data); it has no compile cache for ES modules (that came in Node 22).
    format: "cjs",
    platform: "node",
    target: TARGET,
    external: EXTERNAL,
    plugins: [deferredBuiltins],
    // Less to read at every start; names are kept, and the source maps lead back to src/.
    minifyWhitespace: true,
    minifySyntax: true,
    // A CommonJS file has no import.meta: its URL is the bundle's own, as it would be in an ES module.
    banner: { js: 'var __wakuImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { ...define, "import.meta.url": "__wakuImportMetaUrl" },
    sourcemap: "linked",
    sourcesContent: false,
    legalComments: "linked",
    metafile: withMetafile,
    logLevel: "warning",
  });
  if (withMetafile) writeFileSync(join(DIST, "bundle-meta.json"), JSON.stringify(result.metafile));
  const old = `${BUNDLE}.old-${process.pid}`;
  try {
    renameSync(BUNDLE, old);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  renameSync(staging, BUNDLE);
  rmSync(old, { recursive: true, force: true });
  warmCodeCache();
}

/**
 * Runs the new bundle once, `lint` of the repository's labels.yaml, with bin/waku-pm.js told to
 * save V8's compiled code when it exits (dist/bundle/cli.cjs.cache): every later start, of any
 * command, reuses what that run compiled (commander, yaml, the config checks, the output). In a
 * fresh Node without NODE_OPTIONS, as a user's run is: V8 ignores a cache made under other flags.
 * lint's answer does not matter (labels.yaml may be mid-edit: exit 2 is an answer too); a run that
 * crashes fails the build, since then the bundle itself is broken.
 */
function warmCodeCache() {
  const { NODE_OPTIONS: _, ...env } = process.env;
  const run = spawnSync(
    process.execPath,
    [join(ROOT, "bin", "waku-pm.js"), "lint", "--config", "labels.yaml"],
    {
      cwd: ROOT,
      env: { ...env, NO_COLOR: "1", WAKU_PM_CODE_CACHE_WRITE: "1" },
      encoding: "utf8",
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  if (run.status !== 0 && run.status !== 2) {
    process.stderr.write(run.stderr);
    throw new Error(`the new bundle's lint run ended with ${run.status ?? run.signal}`);
  }
}

mkdirSync(DIST, { recursive: true });
try {
  await Promise.all([transpileAll(), bundleCli(process.argv.includes("--metafile"))]);
} catch (error) {
  // esbuild has already printed each error with its file and line; a broken bundle says its own.
  if (!error?.errors) process.stderr.write(`build: ${error instanceof Error ? error.message : error}\n`);
  process.stderr.write("build: failed (see the errors above)\n");
  process.exit(1);
}
