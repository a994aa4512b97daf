/**
 * An honest forecast (docs/spec/time-and-hierarchy.md): from the tasks closed in each of the trailing
 * `basis` weeks, low, likely and high weekly rates taken from the spread of those weeks (the
 * lower quartile, the median and the upper quartile: not a fixed ±10 %), the observed growth of
 * the scope over the same weeks, and the finish dates they give. When the data cannot support a
 * date it says why instead of drawing a line to infinity.
 */

export interface Forecast {
  basis_weeks: number;
  closed_per_week: { low: number; likely: number; high: number };
  scope_growth_per_week: number;
  finish: { earliest: string; likely: string; latest: string } | null;
  reason: string | null;
}

/** What the forecast reads: the state at the end of each day, over at least the basis weeks. */
export interface DailyState {
  date: string;
  scope: number;
  closed: number;
}

const DAY = 86_400_000;

/** The q-quantile of sorted values, linear between neighbours (R's type 7, numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The day `days` after `date`, a part day counting as a whole (84 / 2.8 × 7 is 210.00000000000003: 210). */
function addDays(date: string, days: number): string {
  const whole = Math.ceil(Number(days.toFixed(6)));
  return new Date(Date.parse(`${date}T00:00:00Z`) + whole * DAY).toISOString().slice(0, 10);
}

/**
 * `days` are consecutive daily states ending on the forecast's day (the last entry); the trailing
 * `basis` weeks are the last 7 × basis days before it. Weekly throughput is the growth of `closed`
 * over each week (a reopen lowers it), so closing and reopening the same task is not progress.
 */
export function forecastFinish(days: readonly DailyState[], basis = 4): Forecast {
  const last = days[days.length - 1];
  const empty = (reason: string): Forecast => ({
    basis_weeks: basis,
    closed_per_week: { low: 0, likely: 0, high: 0 },
    scope_growth_per_week: 0,
    finish: null,
    reason,
  });
  if (!last) return empty("no data");
  const weeks: number[] = [];
  const growth: number[] = [];
  for (let w = 0; w < basis; w++) {
    const end = days.length - 1 - w * 7;
    const start = end - 7;
    if (start < 0) break;
    const e = days[end] as DailyState;
    const s = days[start] as DailyState;
    weeks.push(Math.max(0, e.closed - s.closed));
    growth.push(e.scope - s.scope);
  }
  if (weeks.length === 0) return empty(`less than a week of history before ${last.date}`);
  const sorted = [...weeks].sort((a, b) => a - b);
  const rates = {
    low: round1(quantile(sorted, 0.25)),
    likely: round1(quantile(sorted, 0.5)),
    high: round1(quantile(sorted, 0.75)),
  };
  const scopeGrowth = round1(growth.reduce((a, b) => a + b, 0) / growth.length);
  const base = { basis_weeks: weeks.length, closed_per_week: rates, scope_growth_per_week: scopeGrowth };
  const remaining = last.scope - last.closed;
  if (last.scope === 0) return { ...base, finish: null, reason: "the milestone has no tasks" };
  if (remaining <= 0) {
    return {
      ...base,
      finish: { earliest: last.date, likely: last.date, latest: last.date },
      reason: "every task is closed",
    };
  }
  if (sorted.every((w) => w === 0)) {
    return { ...base, finish: null, reason: `no task closed in the last ${plural(weeks.length, "week")}` };
  }
  const net = (rate: number) => rate - Math.max(0, scopeGrowth);
  if (net(rates.likely) <= 0) {
    return {
      ...base,
      finish: null,
      reason: `the scope grows by ${scopeGrowth} tasks a week, as fast as tasks close (${rates.likely} a week): no finish in sight`,
    };
  }
  const at = (rate: number) => addDays(last.date, (remaining / net(rate)) * 7);
  if (net(rates.low) <= 0) {
    // A band needs both ends; an open-ended one would be a line to infinity.
    return {
      ...base,
      finish: null,
      reason: `at the slower recent pace (${rates.low} a week) the scope, growing ${scopeGrowth} a week, is never finished; at the likely pace it would be on ${at(rates.likely)}`,
    };
  }
  return {
    ...base,
    finish: {
      earliest: at(Math.max(rates.high, rates.likely)),
      likely: at(rates.likely),
      latest: at(rates.low),
    },
    reason: null,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${n === 1 ? word : `${word}s`}`;
}
