/**
 * A one-line progress bar on stderr for long runs: `[#####-----] 12/40 writes · ETA 28s`.
 * Draws only on a terminal; when stderr is piped or a file it prints nothing at all, so logs stay
 * clean. Redraws are rate-limited; `clear()` removes the line before other output is printed and
 * the next `tick` draws it again.
 */
import type { Output } from "../context.js";

export interface ProgressOptions {
  /** Noun after the counts ("writes"). */
  unit: string;
  total: number;
  /** Estimated time per unit before any has finished (e.g. the write interval), ms. */
  estimateMs?: number;
  /**
   * False to never draw, e.g. under --verbose, where the request log already shows progress and a
   * bar would be cut by its lines. Default true (still only on a terminal).
   */
  enabled?: boolean;
  /** Clock; tests pass a fake. */
  now?: () => number;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

export class ProgressBar {
  private done = 0;
  private total: number;
  private readonly started: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private visible = false;
  private readonly now: () => number;

  constructor(
    private readonly output: Output,
    private readonly options: ProgressOptions,
  ) {
    this.total = options.total;
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  get enabled(): boolean {
    return this.output.isTTY && this.options.enabled !== false;
  }

  /** More work discovered (e.g. the issues a merge must relabel). */
  addTotal(n: number): void {
    this.total += n;
    this.draw(false);
  }

  tick(n = 1): void {
    this.done += n;
    this.draw(this.done >= this.total);
  }

  /** The line as it would be drawn (exposed for tests). */
  line(): string {
    const total = Math.max(this.total, this.done);
    const filled = total === 0 ? BAR_WIDTH : Math.round((this.done / total) * BAR_WIDTH);
    const bar = `${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}`;
    const elapsed = this.now() - this.started;
    const perUnit = this.done > 0 ? elapsed / this.done : (this.options.estimateMs ?? 0);
    const eta = formatDuration((total - this.done) * perUnit);
    return `[${bar}] ${this.done}/${total} ${this.options.unit} · ETA ${eta}`;
  }

  /** Removes the bar so other text can be printed on a clean line. */
  clear(): void {
    if (!this.enabled || !this.visible) return;
    this.output.write("\r\u001b[K");
    this.visible = false;
  }

  /** Final state: draws the full bar and ends the line. */
  finish(): void {
    if (!this.enabled) return;
    this.draw(true);
    this.output.write("\n");
    this.visible = false;
  }

  private draw(force: boolean): void {
    if (!this.enabled) return;
    const t = this.now();
    if (!force && t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    // Some terminals (and pseudo-terminals) report 0 columns: assume 80 then.
    const width = this.output.columns >= 20 ? this.output.columns : 80;
    this.output.write(`\r\u001b[K${this.line().slice(0, width - 1)}`);
    this.visible = true;
  }
}
