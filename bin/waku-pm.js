#!/usr/bin/env node
/**
 * The `waku-pm` command: runs dist/bundle/cli.cjs, the whole CLI in one file (`npm run build`,
 * scripts/build.mjs), with compiled code kept from an earlier start.
 *
 * Why: without it every start compiles what it runs, function by function, and for `lint` that
 * was about half of its time after Node's own start.
 * - Node ≥ 22.1 keeps compiled code itself (`module.enableCompileCache`): the bundle is loaded as an
 *   ordinary CommonJS module.
 * - Node 20 has only `vm.Script`'s cached data, for a script: the bundle is run as one, with
 *   dist/bundle/cli.cjs.cache, V8's code made by the build (a `lint` run with
 *   WAKU_PM_CODE_CACHE_WRITE=1, which makes this file save it on exit). A user's run never writes
 *   it. A cache that does not fit is left unused and the file compiles as it would without one:
 *   V8 refuses data from another Node version or made under other V8 flags (it checks the source
 *   only by its length), and this file refuses a cache older than the bundle (an edited or
 *   rebuilt file).
 * WAKU_PM_DEBUG=1 says which happened.
 */
"use strict";
// This file is CommonJS (bin/package.json says so): an ES module entry costs every start a few
// milliseconds more, for Node's ES module loader.
const { readFileSync, statSync, writeFileSync } = require("node:fs");
const { createRequire, enableCompileCache } = require("node:module");
const { join } = require("node:path");
const { Script } = require("node:vm");

const bundleDir = join(__dirname, "..", "dist", "bundle");
const bundle = join(bundleDir, "cli.cjs");
const cacheFile = join(bundleDir, "cli.cjs.cache");

/** CommonJS's module wrapper, as Node's own loader writes it. */
const WRAPPER_START = "(function (exports, require, module, __filename, __dirname) { ";
const WRAPPER_END = "\n});";

const writeCache = process.env.WAKU_PM_CODE_CACHE_WRITE === "1";
const main = enableCompileCache && !writeCache ? loadWithNodesCache() : loadWithBuildsCache();

// `waku-pm status | head`: the reader went away; that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

/**
 * Node ≥ 22.1: Node keeps the compiled code itself (`module.enableCompileCache`, in the temporary
 * directory, keyed by the file's content), so the bundle is an ordinary CommonJS module. The
 * build's cache is V8 data of the Node that built it and would be refused by another one anyway.
 */
function loadWithNodesCache() {
  enableCompileCache();
  debug("kept by Node itself (module.enableCompileCache, Node 22.1 or later)");
  try {
    return require(bundle).main;
  } catch (error) {
    if (error.code === "MODULE_NOT_FOUND" && error.message.includes(bundle)) notBuilt();
    throw error;
  }
}

/** Node 20: the bundle as a script, with the build's cache when it fits. */
function loadWithBuildsCache() {
  let source;
  try {
    source = readFileSync(bundle, "utf8");
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
    notBuilt();
  }
  const cache = writeCache ? { state: "being written" } : readCache();
  const cachedData = cache.data;
  const script = new Script(`${WRAPPER_START}${source}${WRAPPER_END}`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  if (writeCache) process.once("exit", () => writeFileSync(cacheFile, script.createCachedData()));
  debug(
    cachedData && script.cachedDataRejected ? "refused by V8 (another Node, or other V8 flags)" : cache.state,
  );
  const bundleModule = { exports: {} };
  script
    .runInThisContext()
    .call(bundleModule.exports, bundleModule.exports, createRequire(bundle), bundleModule, bundle, bundleDir);
  return bundleModule.exports.main;
}

/** A clone that has not been built yet: say what to do instead of printing a stack. */
function notBuilt() {
  process.stderr.write(
    "waku-pm: not built yet (dist/bundle/cli.cjs is missing): run `npm ci && npm run build`\n",
  );
  process.exit(3);
}

/** WAKU_PM_DEBUG: whether this start reused compiled code (a slow start on another Node says why). */
function debug(state) {
  if (process.env.WAKU_PM_DEBUG) process.stderr.write(`waku-pm: code cache ${state}\n`);
}

/** The cache, unless there is none or it is older than the bundle it was made for. */
function readCache() {
  try {
    if (statSync(cacheFile).mtimeMs < statSync(bundle).mtimeMs)
      return { state: "not used: older than the bundle" };
    return { state: "used", data: readFileSync(cacheFile) };
  } catch {
    return { state: "not used: there is none (npm run build makes it)" };
  }
}
