import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Two kinds of test file, told apart by what they (and the test helpers they import) contain, so a
 * new file lands in the right one without anyone keeping a list:
 *
 * - **isolated** (forks, a fresh module graph per file): a file that mocks modules, stubs globals,
 *   env or timers, or touches process-wide state (listeners, env, cwd). That state must not leak
 *   into the next file.
 * - **shared** (threads, one module graph per worker): everything else, including the end-to-end
 *   runs of the built CLI against the simulator (each file gets its own HTTP cache folder, see
 *   helpers/cli.ts). Re-importing zod, yaml, Octokit, GraphQL's schema and the simulator for each
 *   file was most of the suite's time.
 *
 * Per-file times: `npx vitest run --reporter=verbose`; phases: the Duration line.
 */
const NEEDS_ISOLATION = [
  /\bvi\.(mock|doMock|stubEnv|stubGlobal|hoisted|useFakeTimers|setSystemTime)\(/,
  /\bprocess\.(on|once|addListener|prependListener|chdir|umask)\(/,
  /\bprocess\.(env(\.\w+|\[[^\]]+\])|exitCode)\s*=[^=]/,
  /delete process\.env/,
];

function testFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => join(dir, name).replaceAll("\\", "/"));
}

/** Whether FILE, or a test helper it imports (relative imports inside tests/), needs isolation. */
function needsIsolation(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file) || !existsSync(file)) return false;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  if (NEEDS_ISOLATION.some((re) => re.test(text))) return true;
  for (const [, specifier] of text.matchAll(/from\s+"(\.[^"]+)\.js"/g)) {
    const target = join(dirname(file), `${specifier}.ts`).replaceAll("\\", "/");
    if (target.startsWith("tests/") && needsIsolation(target, seen)) return true;
  }
  return false;
}

const all = testFiles("tests");
const isolated = all.filter((file) => needsIsolation(file));

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two files at once on a 2-core machine: most end-to-end tests wait on a CLI subprocess and the
    // simulator, so a second worker halves the wall time (measured 112 s → 69 s, quiet machine).
    maxWorkers: 2,
    reporters: ["default", "./tests/helpers/summary-reporter.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          include: all.filter((file) => !isolated.includes(file)),
          pool: "threads",
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "isolated",
          include: isolated,
          // CLI tests spawn subprocesses; a process per file keeps their state apart.
          pool: "forks",
        },
      },
    ],
  },
});
