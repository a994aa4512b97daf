import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderDashboard, slugify } from "../../src/dashboard/render.js";
import type { DashboardInput } from "../../src/dashboard/types.js";
import { writeDashboard } from "../../src/dashboard/write.js";
import { gen0, platforms, WEEKLY_REPORT } from "../fixtures/chart/gen0.js";

const NOW = "2023-11-27T12:00:00Z";

function input(): DashboardInput {
  return {
    now: NOW,
    org: "waku-org",
    milestones: [gen0(), platforms()].map((m) => ({ status: m.status, history: m.history })),
    report: { markdown: WEEKLY_REPORT },
  };
}

describe("renderDashboard", () => {
  const files = renderDashboard(input());
  const html = files["index.html"]!;

  it("writes the page, its data and every chart as a standalone SVG", () => {
    const epicCharts = [...gen0().history.epics.map((e) => `waku-network-gen-0-epic-${e.number}.svg`)];
    expect(Object.keys(files).sort()).toEqual(
      [
        "index.html",
        "data.json",
        "waku-network-gen-0.svg",
        ...epicCharts,
        "support-many-platforms.svg",
        "support-many-platforms-epic-81.svg",
        "support-many-platforms-epic-82.svg",
        "support-many-platforms-epic-88.svg",
      ].sort(),
    );
    expect(files["waku-network-gen-0.svg"]).toContain("<style>");
    expect(files["waku-network-gen-0.svg"]).toContain("Waku Network Gen 0: 180 of 240 tasks closed (75 %)");
  });

  it("puts the status and history JSON of every milestone shown in data.json", () => {
    const data = JSON.parse(files["data.json"]!);
    expect(data.generated_at).toBe(NOW);
    expect(data.milestones.map((m: { slug: string }) => m.slug)).toEqual([
      "waku-network-gen-0",
      "support-many-platforms",
    ]);
    expect(data.milestones[0].status).toEqual(gen0().status);
    expect(data.milestones[1].history).toEqual(platforms().history);
  });

  it("loads nothing: no script, no stylesheet or image to fetch, and a policy that forbids it", () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(http/i);
    expect(html).not.toMatch(/<[a-z][^>]*\ssrc=/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
  });

  it("has a card per milestone with percent, due date, days left and forecast", () => {
    expect(html).toContain('<p class="pct"><span class="big">75 %</span> closed</p>');
    expect(html).toContain("<dd>2023-12-01 (4 days left)</dd>");
    expect(html).toContain(
      "<dd>likely 2024-01-08, after the due date (between 2023-12-27 and 2024-02-05)</dd>",
    );
    expect(html).toContain("<dd>none: no task closed in the last 4 weeks</dd>");
    expect(html).toContain("<dd>2024-03-31 (125 days left)</dd>");
  });

  it("has an epic table with header cells scoped and a mini burn-up per epic", () => {
    expect(html).toContain('<th scope="col">Epic</th>');
    expect(html).toContain(
      '<th scope="row"><a href="https://github.com/waku-org/pm/issues/65">#65</a> [Epic] 1.2: Autosharding for autoscaling</th>',
    );
    expect(html.match(/class="wpm-chart wpm-mini"/g)).toHaveLength(16);
    expect(html).toContain('<title id="waku-network-gen-0-e65-title">');
  });

  it("lists the scope changes of the last 7 days, newest first, and nothing older", () => {
    const since = "2023-11-20T12:00:00Z";
    const expected = gen0().history.changes.filter(
      (c) => c.at > since && ["added", "removed", "not_planned", "reopened"].includes(c.kind),
    );
    const section = html.slice(
      html.indexOf("Scope changes of Waku Network Gen 0"),
      html.indexOf("</table>", html.indexOf("Scope changes of Waku")),
    );
    const rows = section.match(/<tr><td>/g) ?? [];
    expect(rows.length).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(0);
    expect(section.indexOf("2023-11-26")).toBeLessThan(section.indexOf("2023-11-23"));
    expect(section).toContain("<td>removed</td>");
    expect(html).toContain("<p>No task joined or left the scope since 2023-11-20.</p>");
  });

  it("shows the weekly report as HTML, with nothing from it run", () => {
    expect(html).toContain('<h2 id="report-h">Latest weekly report</h2>');
    expect(html).toContain("<h3>2023-11-27 Waku weekly</h3>");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("escapes titles from GitHub, and gives every element its own id", () => {
    const evil = input();
    evil.milestones[0]!.status.milestone!.title = '<b onclick="x">Gen 0</b>';
    evil.milestones[0]!.status.epics[0]!.title = "</th><script>alert(1)</script>";
    const page = renderDashboard(evil)["index.html"]!;
    expect(page).not.toContain("<b onclick");
    expect(page).not.toContain("<script>");
    expect(page).toContain("&lt;b onclick=&quot;x&quot;&gt;Gen 0&lt;/b&gt;");
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("gives the same files for the same data and clock", () => {
    expect(renderDashboard(input())).toEqual(files);
  });

  it("says so when there is no milestone or report", () => {
    const page = renderDashboard({ now: NOW, org: "acme", milestones: [], report: null })["index.html"]!;
    expect(page).toContain("<p>No open milestone.</p>");
    expect(page).toContain("<p>No weekly report yet.</p>");
  });

  it("names bad input", () => {
    expect(() => renderDashboard({ ...input(), now: "yesterday" })).toThrow(
      'dashboard: now "yesterday" is not a timestamp',
    );
    const badSlug = input();
    badSlug.milestones[0]!.slug = "../x";
    expect(() => renderDashboard(badSlug)).toThrow('milestone "Waku Network Gen 0": slug "../x"');
  });
});

describe("slugify", () => {
  it("makes a file name and anchor from a title", () => {
    expect(slugify("Waku Network Gen 0")).toBe("waku-network-gen-0");
    expect(slugify("  Über/QA: processes!  ")).toBe("uber-qa-processes");
  });

  it("keeps two milestones with the same title apart", () => {
    const twice = input();
    twice.milestones[1]!.status.milestone!.title = "Waku Network Gen 0";
    const names = Object.keys(renderDashboard(twice)).filter((f) => !f.includes("-epic-"));
    expect(names).toContain("waku-network-gen-0.svg");
    expect(names).toContain("waku-network-gen-0-2.svg");
  });
});

describe("writeDashboard", () => {
  it("writes every file into the directory, index.html first", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "waku-pm-dash-")), "site");
    const files = renderDashboard(input());
    const paths = writeDashboard(dir, files);
    expect(paths[0]).toBe(join(dir, "index.html"));
    expect(readdirSync(dir).sort()).toEqual(Object.keys(files).sort());
    expect(readFileSync(join(dir, "data.json"), "utf8")).toBe(files["data.json"]);
  });

  it("refuses a file name that would leave the directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "waku-pm-dash-"));
    expect(() => writeDashboard(dir, { "../evil.html": "x" })).toThrow('refusing to write "../evil.html"');
  });
});
