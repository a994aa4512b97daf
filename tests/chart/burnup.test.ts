import { describe, expect, it } from "vitest";
import { renderBurnUp, renderMiniBurnUp } from "../../src/chart/burnup.js";
import { renderPng } from "../../src/chart/png.js";
import type { HistoryData } from "../../src/chart/types.js";
import { gen0, platforms } from "../fixtures/chart/gen0.js";
import { expectGolden } from "./golden.js";

const TODAY = "2023-11-27";

/** The `d` of the first path with this class. */
function pathOf(svg: string, cls: string): string {
  const m = new RegExp(`<path class="${cls}"[^>]* d="([^"]+)"`).exec(svg);
  if (!m) throw new Error(`no path.${cls}`);
  return m[1]!;
}

/** The points of a path made of M/L commands (what d3-shape writes for lines and steps). */
function points(d: string): [number, number][] {
  return d
    .replace(/Z$/, "")
    .split(/[ML]/)
    .filter(Boolean)
    .map((p) => p.split(",").map(Number) as [number, number]);
}

describe("renderBurnUp", () => {
  const { history } = gen0();

  it("matches the golden file: scope steps, the reopen and the forecast band of Gen 0", () => {
    expectGolden("gen0-burnup.svg", renderBurnUp(history, { today: TODAY }));
  });

  it("matches the golden file of a milestone with no forecast", () => {
    expectGolden("platforms-burnup.svg", renderBurnUp(platforms().history, { today: TODAY }));
  });

  it("matches the golden file of one epic (epic 49: scope up and down, 4 tasks reopened)", () => {
    expectGolden("gen0-epic-49.svg", renderBurnUp(history, { today: TODAY, epic: 49 }));
  });

  it("gives the same bytes twice for the same data and clock, and other bytes for another clock", () => {
    const a = renderBurnUp(gen0().history, { today: TODAY });
    const b = renderBurnUp(gen0().history, { today: TODAY });
    expect(a).toBe(b);
    expect(renderBurnUp(history, { today: "2023-11-20" })).not.toBe(a);
  });

  it("says in words what it shows", () => {
    const svg = renderBurnUp(history, { today: TODAY });
    expect(svg).toContain(
      '<title id="burnup-title">Waku Network Gen 0: 180 of 240 tasks closed (75 %) on 2023-11-27; likely done 2024-01-08</title>',
    );
    const desc = /<desc id="burnup-desc">([^<]+)<\/desc>/.exec(svg)?.[1];
    expect(desc).toContain(
      "Scope went from 132 to 240 tasks: 117 added, 7 removed, 2 closed as not planned.",
    );
    expect(desc).toContain("4 tasks reopened (in the week to 2023-10-20)");
    expect(desc).toContain("Due 2023-12-01 (4 days from today)");
    expect(desc).toContain("earliest 2023-12-27, likely 2024-01-08, latest 2024-02-05");
    expect(svg).toContain(`role="img" aria-labelledby="burnup-title" aria-describedby="burnup-desc"`);
  });

  it("draws the scope as steps, up where tasks were added and down where they were removed", () => {
    const pts = points(pathOf(renderBurnUp(history, { today: TODAY }), "wpm-scope"));
    // Step-after: one point per data point plus one corner per step.
    expect(pts).toHaveLength(history.series.length * 2 - 1);
    for (let i = 1; i < pts.length; i++) {
      const [a, b] = [pts[i - 1]!, pts[i]!];
      // Alternating horizontal (same y) and vertical (same x) segments.
      if (i % 2 === 1) expect(b[1]).toBe(a[1]);
      else expect(b[0]).toBe(a[0]);
    }
    const verticals = pts.slice(1).map((p, i) => p[1] - pts[i]![1]);
    // SVG y grows downwards: a rise in scope is a negative dy, the removal on the last day a positive one.
    const diffs = history.series.slice(1).map((p, i) => p.scope - history.series[i]!.scope);
    expect(verticals.filter((dy) => dy < 0).length).toBe(diffs.filter((d) => d > 0).length);
    expect(verticals.filter((dy) => dy > 0).length).toBe(1);
    expect(diffs.filter((d) => d < 0)).toEqual([-1]);
  });

  it("marks the reopen where the closed line dips", () => {
    const { history: epicOnly } = gen0();
    const svg = renderBurnUp(epicOnly, { today: TODAY, epic: 49 });
    const closed = points(pathOf(svg, "wpm-closed")).map((p) => p[1]);
    const dips = closed.slice(1).filter((y, i) => y > closed[i]!);
    expect(dips).toHaveLength(1);
    expect(svg).toContain("<title>4 tasks reopened in the week to 2023-10-20</title>");
    expect(svg.match(/<circle class="wpm-reopen"/g)).toHaveLength(2); // the marker and its legend entry
  });

  it("draws the forecast band from today's closed count to the earliest and the latest finish", () => {
    const svg = renderBurnUp(history, { today: TODAY });
    const band = points(pathOf(svg, "wpm-band"));
    expect(band).toHaveLength(3);
    const [from, earliest, latest] = band as [[number, number], [number, number], [number, number]];
    const closedEnd = points(pathOf(svg, "wpm-closed")).at(-1)!;
    expect(from).toEqual(closedEnd);
    expect(earliest[0]).toBeLessThan(latest[0]);
    const likely = points(pathOf(svg, "wpm-likely"));
    expect(likely[1]![0]).toBeGreaterThan(earliest[0]);
    expect(likely[1]![0]).toBeLessThan(latest[0]);
    expect(svg).toContain(">forecast</text>");
  });

  it("draws no band and says why when there is no forecast", () => {
    const svg = renderBurnUp(platforms().history, { today: TODAY });
    expect(svg).not.toContain('class="wpm-band"');
    expect(svg).toContain("No forecast: no task closed in the last 4 weeks.");
    expect(svg).not.toContain(">forecast</text>");
  });

  it("cuts a forecast far in the future off at the edge and says where it ends", () => {
    const far: HistoryData = structuredClone(history);
    far.forecast!.finish = { earliest: "2024-01-10", likely: "2024-06-01", latest: "2025-09-01" };
    const svg = renderBurnUp(far, { today: TODAY });
    expect(svg).toContain("latest finish 2025-09-01 →");
    // The x axis still ends within a few months of the data, not in late 2025.
    expect(svg).toContain(">Feb 1</text>");
    expect(svg).not.toMatch(/>(Apr|May|Jun|Jul|Aug) 1<\/text>/);
  });

  it("keeps text from GitHub from breaking the SVG", () => {
    const evil: HistoryData = structuredClone(history);
    evil.milestone.title = 'Gen 0 <script>alert("x")</script> & \u001b[31mred';
    const svg = renderBurnUp(evil, { today: TODAY });
    expect(svg).not.toContain("<script");
    expect(svg).toContain("Gen 0 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; [31mred");
    // resvg parses the document strictly: a broken one would throw here.
    expect(() => renderPng(svg)).not.toThrow();
  });

  it("fails on bad data naming the milestone and the field", () => {
    const bad: HistoryData = structuredClone(history);
    bad.series[3]!.date = "2023-09-31";
    expect(() => renderBurnUp(bad)).toThrow(
      'history of milestone 1 "Waku Network Gen 0": series[3].date: "2023-09-31" is not a date; expected YYYY-MM-DD',
    );
    expect(() => renderBurnUp(history, { epic: 999 })).toThrow("no epic #999 (epics: #62, #65,");
    const empty: HistoryData = { ...structuredClone(history), series: [] };
    expect(() => renderBurnUp(empty)).toThrow("the series has no points to draw");
    expect(() => renderBurnUp(history, { idPrefix: "a b" })).toThrow('chart idPrefix "a b"');
  });

  it("uses the id prefix for every id, so several charts can share a page", () => {
    const svg = renderBurnUp(history, { idPrefix: "m1", standalone: false });
    const ids = [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(["m1-title", "m1-desc", "m1-plot"]);
    expect(svg).toContain('clip-path="url(#m1-plot)"');
    // Not standalone: the page brings the colours, so no <style> and no background.
    expect(svg).not.toContain("<style>");
    expect(svg).not.toContain("wpm-bg");
  });

  it("carries its own light and dark colours when standalone", () => {
    const svg = renderBurnUp(history, { today: TODAY });
    expect(svg).toContain("@media (prefers-color-scheme: dark){");
    expect(svg).toMatch(/\.wpm-scope\{fill:none;stroke:#0969da/);
    expect(svg).toMatch(/@media[^\n]*\.wpm-scope\{fill:none;stroke:#4493f8/);
  });
});

describe("renderMiniBurnUp", () => {
  const { history } = gen0();

  it("matches the golden file of epic 65's mini burn-up", () => {
    expectGolden("gen0-epic-65-mini.svg", renderMiniBurnUp(history, { epic: 65, idPrefix: "e65" }));
  });

  it("is small, has an accessible name and no axes or text", () => {
    const svg = renderMiniBurnUp(history, { epic: 65, idPrefix: "e65" });
    expect(svg).toContain('width="120" height="36"');
    expect(svg).toContain(
      '<title id="e65-title">[Epic] 1.2: Autosharding for autoscaling: 28 of 35 tasks closed (80 %) on 2023-11-27</title>',
    );
    expect(svg).not.toContain("<text");
    expect(points(pathOf(svg, "wpm-scope"))).toHaveLength(history.series.length * 2 - 1);
  });

  it("puts every epic on the same time axis (start to due date)", () => {
    const ends = [62, 87].map((epic) => points(pathOf(renderMiniBurnUp(history, { epic }), "wpm-closed")));
    expect(ends[0]![0]![0]).toBe(ends[1]![0]![0]);
    expect(ends[0]!.at(-1)![0]).toBe(ends[1]!.at(-1)![0]);
  });
});
