/**
 * What a long sync says while it writes, on stderr.
 *
 * - On a terminal: the progress bar, naming the repository being written.
 * - Piped (CI): a bar cannot be drawn, and a first sync of an organisation is many minutes of
 *   writes, so plain lines instead: the plan's counts and the time it will take before the first
 *   write, then one line per repository done (and every WRITES_PER_LINE writes inside a large one),
 *   each with the counts so far and the time left.
 */
import type { Output } from "../context.js";
import { formatDuration, ProgressBar } from "../render/progress.js";
import { forTerminal } from "../text/safety.js";
import type { RepoReport } from "./run.js";

/** Inside one repository, a piped line every this many writes (about 25 s at GitHub's pace). */
export const WRITES_PER_LINE = 25;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Like formatDuration, but a pace under a second is said in milliseconds rather than "0s". */
function duration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : formatDuration(ms);
}

/** The bar, with the repository being written after the ETA (cut first on a narrow terminal). */
class RepoProgressBar extends ProgressBar {
  repo = "";
  override line(): string {
    const line = super.line();
    return this.repo ? `${line} · ${forTerminal(this.repo)}` : line;
  }
}

export interface SyncProgressOptions {
  writeIntervalMs: number;
  /** False under --verbose: the request log shows progress, and a bar would be cut by its lines. */
  bar: boolean;
  now?: () => number;
}

export class SyncProgress {
  private readonly now: () => number;
  private readonly bar: RepoProgressBar | undefined;
  private total = 0;
  private done = 0;
  private repos = 0;
  private reposDone = 0;
  private started = 0;
  private repo = "";
  private doneInRepo = 0;
  private writesInRepo = 0;

  constructor(
    private readonly stderr: Output,
    private readonly options: SyncProgressOptions,
    plan: { total: number; repos: number },
  ) {
    this.now = options.now ?? Date.now;
    this.total = plan.total;
    this.repos = plan.repos;
    if (stderr.isTTY) {
      this.bar = new RepoProgressBar(stderr, {
        unit: "writes",
        total: plan.total,
        estimateMs: options.writeIntervalMs,
        enabled: options.bar,
        now: this.now,
      });
    }
  }

  /** Before the first write: what is about to happen and how long it will take (piped only). */
  start(): void {
    this.started = this.now();
    if (this.bar || this.total === 0) return;
    const interval = this.options.writeIntervalMs;
    const pace =
      interval > 0
        ? `; at least ${duration(this.total * interval)} at one write per ${duration(interval)} (--write-interval)`
        : "";
    this.stderr.write(
      `waku-pm: ${plural(this.total, "write")} planned in ${plural(this.repos, "repository", "repositories")}${pace}\n`,
    );
  }

  repoStart(repo: string, writes: number): void {
    this.repo = repo;
    this.doneInRepo = 0;
    this.writesInRepo = writes;
    if (this.bar) this.bar.repo = repo;
  }

  write(): void {
    this.done++;
    this.doneInRepo++;
    if (this.bar) {
      this.bar.tick();
      return;
    }
    if (this.doneInRepo % WRITES_PER_LINE === 0 && this.doneInRepo < this.writesInRepo) {
      this.line(`${forTerminal(this.repo)}: ${this.doneInRepo}/${plural(this.writesInRepo, "write")}`);
    }
  }

  moreWrites(n: number): void {
    this.total += n;
    this.writesInRepo += n;
    this.bar?.addTotal(n);
  }

  repoDone(report: RepoReport): void {
    this.reposDone++;
    if (this.bar) return;
    const applied = report.results.filter((r) => r.status === "applied").length;
    const failed = report.results.filter((r) => r.status === "failed").length;
    const what = [`${applied} applied`, ...(failed > 0 ? [`${failed} failed`] : [])].join(", ");
    this.line(`${forTerminal(report.repo)}: ${what}`);
  }

  /** Writes are now spaced further apart: always said, it changes how long the run takes. */
  backoff(intervalMs: number): void {
    this.clear();
    this.stderr.write(
      `waku-pm: GitHub refused or failed a write and it had to be retried: writes are now spaced ${intervalMs}ms apart (--write-interval sets the starting pace)\n`,
    );
  }

  /** Removes the bar so other text can be printed on a clean line. */
  clear(): void {
    this.bar?.clear();
  }

  finish(): void {
    if (this.total > 0) this.bar?.finish();
  }

  /** `… · 3/12 repositories, 120/1234 writes · ETA 18m20s` */
  private line(head: string): void {
    const elapsed = this.now() - this.started;
    const perWrite = this.done > 0 ? elapsed / this.done : this.options.writeIntervalMs;
    const left = Math.max(0, this.total - this.done);
    this.stderr.write(
      `waku-pm: ${head} · ${this.reposDone}/${plural(this.repos, "repository", "repositories")}, ${this.done}/${plural(this.total, "write")} · ETA ${formatDuration(left * perWrite)}\n`,
    );
  }
}
