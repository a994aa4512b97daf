/**
 * Typed errors. Every failure a user can cause or meet is one of these; `cli.ts` turns them into
 * one line on stderr and the exit code of the spec (1 drift, 2 bad input, 3 GitHub failure; a run
 * stopped by SIGHUP, SIGINT or SIGTERM ends 129, 130 or 143).
 */
export type ExitCode = 0 | 1 | 2 | 3 | SignalExitCode;

/** Stopped by a signal, after the current write: 128 + the signal's number, as shells report it. */
export type SignalExitCode = 129 | 130 | 143;

export class WakuPmError extends Error {
  readonly exitCode: ExitCode;
  /** What the user should do about it, printed after the message. */
  readonly hint: string | undefined;
  constructor(message: string, exitCode: ExitCode, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** Bad input: invalid config, unknown milestone, bad flag. Exit 2. */
export class InputError extends WakuPmError {
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
  }
}

/** GitHub failure: auth, network, permissions, a repository that failed. Exit 3. */
export class GitHubError extends WakuPmError {
  readonly status: number | undefined;
  constructor(message: string, hint?: string, status?: number) {
    super(message, 3, hint);
    this.status = status;
  }
}
