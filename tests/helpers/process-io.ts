/**
 * Runs the CLI in the test process through `main(argv, io)` with a fake process: stdout and stderr
 * are buffers (with the isTTY and columns a terminal or a pipe would have), env, cwd and the clock
 * are whatever the test says. In the spirit of the GitHub CLI's test streams (iostreams.Test()).
 *
 * Use it for everything that needs no GitHub (lint, flag errors, help, format conflicts, bad
 * config): no build, no process start. Keep `runCli` (a subprocess of the built bin/waku-pm.js)
 * for the end-to-end paths against the simulator.
 */
import { main } from "../../src/cli.js";
import type { ProcessIO } from "../../src/runtime.js";
import { type CliResult, EMPTY_GH_CONFIG, ROOT, testCacheDir } from "./cli.js";

/** A stream that keeps what is written to it. */
export class FakeStream {
  private chunks: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns: number | undefined,
  ) {}
  write(text: string): boolean {
    this.chunks.push(text);
    return true;
  }
  text(): string {
    return this.chunks.join("");
  }
}

export interface FakeIOOptions {
  /** The whole environment (nothing is inherited), on top of the defaults NO_COLOR=1 and a test cache dir. */
  env?: Record<string, string | undefined>;
  /** Default: the repository root, as for runCli. */
  cwd?: string;
  /** Default: the real clock. */
  now?: () => Date;
  /** Both streams are a terminal (default false: piped, as under runCli). */
  tty?: boolean;
  /** Terminal width of both streams; undefined as for a pipe. */
  columns?: number;
}

export interface FakeIO extends ProcessIO {
  stdout: FakeStream;
  stderr: FakeStream;
}

export function fakeIO(options: FakeIOOptions = {}): FakeIO {
  const env: Record<string, string | undefined> = {
    NO_COLOR: "1",
    WAKU_PM_CACHE_DIR: testCacheDir(),
    GH_CONFIG_DIR: EMPTY_GH_CONFIG,
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const tty = options.tty ?? false;
  return {
    stdout: new FakeStream(tty, options.columns),
    stderr: new FakeStream(tty, options.columns),
    env,
    cwd: options.cwd ?? ROOT,
    now: options.now ?? (() => new Date()),
    exitCode: undefined,
  };
}

/** `waku-pm ARGS` in-process; the same result shape as runCli, plus the io for closer looks. */
export async function runMain(
  args: string[],
  options: FakeIOOptions = {},
): Promise<CliResult & { io: FakeIO }> {
  const io = fakeIO(options);
  const code = await main(args, io);
  return { code, stdout: io.stdout.text(), stderr: io.stderr.text(), io };
}
