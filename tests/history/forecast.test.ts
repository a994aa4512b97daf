import { describe, expect, it } from "vitest";
import { type DailyState, forecastFinish, quantile } from "../../src/history/forecast.js";

/** Daily states from `2023-10-01`, closing `perWeek[w]` tasks spread over week w, scope growing `growth` a week. */
function days(perWeek: number[], scope0: number, growth = 0): DailyState[] {
  const out: DailyState[] = [{ date: "2023-10-01", scope: scope0, closed: 0 }];
  let closed = 0;
  let scope = scope0;
  perWeek.forEach((n, w) => {
    for (let d = 1; d <= 7; d++) {
      if (d === 7) {
        closed += n;
        scope += growth;
      }
      const date = new Date(Date.parse("2023-10-01T00:00:00Z") + (w * 7 + d) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      out.push({ date, scope, closed });
    }
  });
  return out;
}

describe("forecastFinish", () => {
  it("takes the quartiles of the weekly throughput and the scope growth, and gives ordered dates", () => {
    // Weeks closed 3, 5, 8, 4 (oldest first); 100 tasks, growing 1 a week. Ends 2023-10-29 with 80 open.
    const f = forecastFinish(days([3, 5, 8, 4], 100, 1));
    // Sorted [3, 4, 5, 8]: p25 = 3.75 → 3.8, median 4.5, p75 = 5.75 → 5.8.
    expect(f.closed_per_week).toEqual({ low: 3.8, likely: 4.5, high: 5.8 });
    expect(f.scope_growth_per_week).toBe(1);
    expect(f.basis_weeks).toBe(4);
    // Remaining 104 − 20 = 84 after 2023-10-29. Likely: 84 / (4.5 − 1) = 24 weeks = 168 days;
    // earliest: 84 / (5.8 − 1) = 17.5 weeks = 122.5 → 123 days; latest: 84 / (3.8 − 1) = 30 weeks = 210 days.
    expect(f.finish).toEqual({ earliest: "2024-02-29", likely: "2024-04-14", latest: "2024-05-26" });
    expect(f.reason).toBeNull();
  });

  it("is null with a plain reason for a stalled milestone", () => {
    const f = forecastFinish(days([0, 0, 0, 0], 40));
    expect(f.finish).toBeNull();
    expect(f.reason).toBe("no task closed in the last 4 weeks");
  });

  it("never draws a line to infinity when the scope grows as fast as tasks close", () => {
    const f = forecastFinish(days([2, 2, 2, 2], 40, 3));
    expect(f.finish).toBeNull();
    expect(f.reason).toMatch(/grows by 3 tasks a week/);
  });

  it("quantile interpolates between neighbours", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([7], 0.25)).toBe(7);
  });
});
