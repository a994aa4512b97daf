#!/usr/bin/env node
import { existsSync } from "node:fs";
import module from "node:module";

// Node ≥ 22.1 keeps V8's compiled code of the bundle between runs (about a third of lint's start-up);
// older Node has no such API and compiles it each time.
module.enableCompileCache?.();

// The CLI runs from the bundle `npm run build` writes (scripts/build.mjs). In a clone that has not
// been built yet, say what to do instead of printing a module-not-found stack.
const entry = new URL("../dist/bundle/cli.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    "waku-pm: not built yet (dist/bundle/cli.js is missing): run `npm ci && npm run build`\n",
  );
  process.exit(3);
}
const { main } = await import(entry.href);

// `waku-pm status | head`: the reader went away; that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
