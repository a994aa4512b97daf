/**
 * Entry point: declares global flags, loads one module per command, and maps errors to exit
 * codes. Nothing else lives here.
 */
import { Command, CommanderError } from "commander";
import { WakuPmError } from "./errors.js";
import { type CommandRunner, createRunner, type ProcessIO } from "./runtime.js";
import { VERSION } from "./version.js";

type Register = (program: Command, runner: CommandRunner) => void;

/**
 * Command modules, loaded only when needed: a run of `waku-pm lint` does not pay for loading the
 * report renderer. Order here is the order of `--help`.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  lint: async () => (await import("./commands/lint.js")).registerLint,
  "sync-labels": async () => (await import("./commands/sync-labels.js")).registerSyncLabels,
  status: async () => (await import("./commands/status.js")).registerStatus,
  report: async () => (await import("./commands/report.js")).registerReport,
  check: async () => (await import("./commands/check.js")).registerCheck,
  history: async () => (await import("./commands/history.js")).registerHistory,
  chart: async () => (await import("./commands/chart.js")).registerChart,
  dashboard: async () => (await import("./commands/dashboard.js")).registerDashboard,
  "export-labels": async () => (await import("./commands/export-labels.js")).registerExportLabels,
  init: async () => (await import("./commands/init.js")).registerInit,
  completion: async () => (await import("./commands/completion.js")).registerCompletion,
  "link-tasks": async () => (await import("./commands/link-tasks.js")).registerLinkTasks,
};

/**
 * Commands that never talk to GitHub. Their runs do not load the GitHub client (Octokit is the
 * largest part of start-up); a command missing here still works, it just starts slower.
 */
const OFFLINE_COMMANDS: ReadonlySet<string> = new Set(["lint", "completion"]);

/** Global options that take a value: their value is not a command name. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(["--config", "--org", "--api-url", "--graphql-url"]);

/**
 * Which command modules this argv needs: the named command only; none for `--version`; every one
 * otherwise (help, `help X`, a typo, which lists or suggests them all).
 */
export function requestedCommands(argv: readonly string[]): string[] {
  let first: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith("-")) {
      first = arg;
      break;
    }
  }
  if (first !== undefined && Object.hasOwn(COMMANDS, first)) return [first];
  const before = first === undefined ? argv : argv.slice(0, argv.indexOf(first));
  const asksVersion = before.some((arg) => arg === "-V" || arg === "--version");
  const asksHelp = before.some((arg) => arg === "-h" || arg === "--help");
  if (first === undefined && asksVersion && !asksHelp) return [];
  return Object.keys(COMMANDS);
}

export async function buildProgram(io: ProcessIO, argv: readonly string[] = []): Promise<Command> {
  const program = new Command("waku-pm")
    .description(
      "Run a GitHub organisation's planning from one label file: labels synced everywhere, milestone → epic → task progress, the weekly report, and a CI gate.",
    )
    .version(VERSION, "-V, --version")
    .option("--config <file>", "label/config file (default ./labels.yaml, then ./.github/labels.yml)")
    .option("--org <org>", "GitHub organisation (overrides the config's org)")
    .option("--json", "machine-readable output on stdout", false)
    .option("--verbose", "log every request and rate-limit use to stderr", false)
    .option("--no-color", "never use colour (also NO_COLOR)")
    .option("--no-cache", "do not use the on-disk HTTP cache")
    .option(
      "--timeout <seconds>",
      "how long one request may take before it is retried (default 30, writes 60)",
    )
    // The env fallbacks are applied by readGlobals from io.env, not by commander (which would read
    // process.env and so ignore the environment a test or an embedding program passes in).
    .option("--api-url <url>", "GitHub REST API URL (env: GITHUB_API_URL)")
    .option("--graphql-url <url>", "GitHub GraphQL URL (env: GITHUB_GRAPHQL_URL)")
    .showHelpAfterError("(run with --help for usage)")
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();

  const runner = createRunner(io, { offline: OFFLINE_COMMANDS });
  for (const name of requestedCommands(argv)) {
    const register = await COMMANDS[name]!();
    register(program, runner);
  }
  for (const sub of program.commands) {
    sub.exitOverride().configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  }
  return program;
}

/** Runs the CLI and returns the exit code; never calls process.exit. */
export async function main(argv: string[], io: ProcessIO = defaultIO()): Promise<number> {
  try {
    const program = await buildProgram(io, argv);
    await program.parseAsync(argv, { from: "user" });
    return io.exitCode ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every parse error (unknown flag, missing value) is bad input.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof WakuPmError) {
      io.stderr.write(`waku-pm: ${error.message}\n`);
      if (error.hint) io.stderr.write(`  ${error.hint}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`waku-pm: unexpected error: ${message}\n`);
    if (io.env.WAKU_PM_DEBUG && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    return 3;
  }
}

function defaultIO(): ProcessIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Touched only when a command asks a question: merely opening stdin can keep a process waiting.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    exitCode: undefined,
  };
}
