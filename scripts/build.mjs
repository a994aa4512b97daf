#!/usr/bin/env node
/**
 * `npm run build`: two outputs from src/, both made by esbuild in about a second. Type checking is
 * not part of the build; it is `npm run typecheck` (and `npm run check`, which CI runs).
 *
 *   dist/**        every module of src/ transpiled one to one, plus the JSON files they import: the
 *                  simulator, the demo, the bench, and any module a test or script runs from dist/.
 *   dist/bundle/   what bin/waku-pm.js runs: src/cli.ts with its npm dependencies bundled into a few
 *                  ESM files, split so that each command's code (and Octokit, zod, yaml, …) is a
 *                  chunk loaded only when a run needs it. Loading one bundled file instead of
 *                  hundreds of node_modules files is most of what keeps start-up cheap.
 *
 *   node scripts/build.mjs [--metafile]   --metafile also writes dist/bundle-meta.json (what is in each chunk)
 */
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
  // colleague's shell) never sees a half-written bundle, and chunks of an older build do not pile up.
  const staging = `${BUNDLE}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const result = await build({
    entryPoints: [join(SRC, "cli.ts")],
    outdir: staging,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: TARGET,
    external: EXTERNAL,
    // Less to parse at every start; names are kept, and the source maps lead back to src/.
    minifyWhitespace: true,
    minifySyntax: true,
    // CommonJS dependencies (cli-table3 and its helpers) call require(); ESM has none of its own.
    banner: {
      js: 'import { createRequire as __wakuCreateRequire } from "node:module";\nconst require = __wakuCreateRequire(import.meta.url);',
    },
    define,
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
}

mkdirSync(DIST, { recursive: true });
try {
  await Promise.all([transpileAll(), bundleCli(process.argv.includes("--metafile"))]);
} catch {
  // esbuild has already printed each error with its file and line.
  process.stderr.write("build: failed (see the errors above)\n");
  process.exit(1);
}
