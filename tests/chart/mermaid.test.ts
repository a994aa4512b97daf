import { describe, expect, it } from "vitest";
import { mermaidBurnUp, progressSparkline, sparkline } from "../../src/chart/mermaid.js";
import type { HistoryData } from "../../src/chart/types.js";
import { gen0, platforms } from "../fixtures/chart/gen0.js";

describe("sparkline", () => {
  it("draws one bar per value from ▁ (0) to █ (the largest)", () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe("▁▂▃▄▅▆▇█");
    expect(sparkline([10, 20, 40])).toBe("▃▅█");
  });

  it("takes a fixed range and clamps to it", () => {
    expect(sparkline([0, 50, 100, 150], { min: 0, max: 100 })).toBe("▁▅██");
    expect(sparkline([5, 5, 5], { min: 5 })).toBe("▁▁▁");
    expect(sparkline([0, 0])).toBe("▁▁");
    expect(sparkline([])).toBe("");
  });

  it("refuses what is not a number", () => {
    expect(() => sparkline([1, Number.NaN])).toThrow("finite");
  });

  it("shows a milestone's share closed over time and where it ends", () => {
    // 26 % … 75 % of the scope closed, in eighths: 26 % is ▃, 51 % is ▅, 75 % is ▆.
    expect(progressSparkline(gen0().history.series)).toBe("▃▃▄▄▄▄▅▅▅▅▅▆▆▆ 75 %");
    expect(progressSparkline(platforms().history.series)).toBe("▂▃▃▄▄▄▄▄▄▄▄▄▄▄ 48 %");
  });
});

describe("mermaidBurnUp", () => {
  const { history } = gen0();

  it("writes an xychart-beta burn-up GitHub renders, with scope, closed and ideal lines", () => {
    const md = mermaidBurnUp(history);
    const lines = md.trimEnd().split("\n");
    expect(lines[0]).toBe("```mermaid");
    expect(lines[1]).toBe("xychart-beta");
    expect(lines[2]).toBe('    title "Waku Network Gen 0: 180 of 240 closed (75 %)"');
    expect(lines[3]).toMatch(/^ {4}x-axis \["09-01", "09-08", .*"11-24", "11-27"\]$/);
    expect(lines[4]).toBe('    y-axis "tasks" 0 --> 241');
    expect(lines[5]).toBe(`    line [${history.series.map((p) => p.scope).join(", ")}]`);
    expect(lines[6]).toBe(`    line [${history.series.map((p) => p.closed).join(", ")}]`);
    // Ideal: from 35 closed on 2023-09-01 to all 240 on 2023-12-01 (91 days); 2023-11-27 is day 87.
    const ideal = lines[7]!.match(/\d+/g)!.map(Number);
    expect(ideal[0]).toBe(35);
    expect(ideal.at(-1)).toBe(Math.round(35 + (205 * 87) / 91));
    expect(lines[8]).toBe("```");
    expect(lines[9]).toContain("Lines, in order: scope, closed, ideal (all 240 by the due date, 2023-12-01)");
  });

  it("draws one epic", () => {
    const md = mermaidBurnUp(history, { epic: 49 });
    expect(md).toContain(
      'title "[Epic] 2.1: Production testing of existing protocols: 84 of 90 closed (93 %)"',
    );
  });

  it("has no ideal line without a due date", () => {
    const noDue: HistoryData = structuredClone(history);
    noDue.milestone.due_on = null;
    const md = mermaidBurnUp(noDue);
    expect(md.match(/^ {4}line /gm)).toHaveLength(2);
    expect(md).toContain("Lines, in order: scope, closed;");
  });

  it("keeps a title from closing the string or the code fence", () => {
    const evil: HistoryData = structuredClone(history);
    evil.milestone.title = 'Gen "0"\n```\n# &#9829; x';
    const md = mermaidBurnUp(evil);
    expect(md.match(/```/g)).toHaveLength(2);
    expect(md).toContain(`title "Gen '0' ''' # &# 9829; x: 180 of 240 closed (75 %)"`);
  });
});
