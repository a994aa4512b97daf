/**
 * `status` tables fit the terminal (issue 15 point 1): at 80 and 120 columns every line of the
 * milestone table, the --epic table and the overview is at most that wide, titles and repository
 * lists wrap instead of being cut, numbers stay whole, and piped output stays tab-separated.
 * End to end in-process (`main(argv, io)` with a terminal-like stdout) against the simulator's
 * Gen-0-shaped organisation, plus the table renderer on its own.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { fitWidths, renderTable } from "../../src/render/table.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { displayWidth, wrapText } from "../../src/text/width.js";
import { buildGen0Seed, GEN0_EPICS, ORG, TOKEN } from "../fixtures/status/gen0-seed.js";

const NOW = "2023-11-24T12:00:00Z";
let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: buildGen0Seed() });
  dir = mkdtempSync(join(tmpdir(), "waku-pm-fit-"));
  writeFileSync(
    join(dir, "labels.yaml"),
    `org: ${ORG}\npm_repo: pm\nepic_prefix: "E:"\nlabels:\n  - name: epic\n    color: 07544b\n`,
  );
});
afterAll(async () => {
  await sim.close();
});

async function status(args: string[], stdout: { isTTY: boolean; columns: number }) {
  let out = "";
  let err = "";
  const code = await main(["status", ...args], {
    stdout: { write: (s: string) => (out += s), ...stdout },
    stderr: { write: (s: string) => (err += s), isTTY: false, columns: stdout.columns },
    env: {
      GITHUB_API_URL: sim.url,
      GITHUB_TOKEN: TOKEN,
      WAKU_PM_NOW: NOW,
      WAKU_PM_CACHE_DIR: join(dir, "cache"),
      NO_COLOR: "1",
    },
    cwd: dir,
    now: () => new Date(NOW),
    exitCode: undefined,
  });
  expect(err).not.toMatch(/error/);
  expect(code).toBe(0);
  return out;
}

/**
 * The rows of a bordered table as cell texts, each cell's wrapped lines joined by a space. The
 * first column of these tables never wraps and is never empty, so a line whose first cell is
 * empty continues the row above. The header row comes first.
 */
function tableRows(text: string): string[][] {
  const rows: string[][][] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("│")) continue;
    const cells = line
      .slice(1, -1)
      .split("│")
      .map((c) => c.trim());
    const last = rows[rows.length - 1];
    if (cells[0] === "" && last) {
      for (const [i, c] of cells.entries()) last[i]?.push(c);
    } else rows.push(cells.map((c) => [c]));
  }
  return rows.map((row) => row.map((parts) => parts.filter((p) => p !== "").join(" ")));
}

/** All cell texts of the table, one string per cell. */
function cellTexts(text: string): string[] {
  return tableRows(text).flat();
}

describe.each([80, 120])("status on a %i-column terminal", (columns) => {
  it("milestone table: every line fits, titles and repository lists wrap whole, numbers intact", async () => {
    const out = await status(["--milestone", "1"], { isTTY: true, columns });
    const lines = out.trimEnd().split("\n");
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(columns);
    const rows = tableRows(out);
    expect(rows[0]).toEqual(["Epic", "Title", "State", "Progress", "Closed", "%", "Open by repository"]);
    // No title is cut: each is whole once its wrapped lines are put back together.
    expect(rows.slice(1).map((r) => r[1])).toEqual(GEN0_EPICS.map((e) => e.title.replace("\u001b[2J", "")));
    expect(out).not.toContain("…");
    // The numbers of the big epic, whole, and its repository list.
    expect(rows.find((r) => r[0] === "#63")).toEqual([
      "#63",
      "[Epic] 1.2: Autosharding for autoscaling",
      "open",
      expect.stringMatching(/^█+░+$/),
      "95/146",
      "65%",
      "nwaku 46, js-waku 2, docs.waku.org 1, +2 more",
    ]);
    expect(out.replace(/\s+/g, " ")).toContain("Total: 133/220 tasks closed (60%) · 1/13 epics closed");
  });

  it("--epic table and the overview fit too", async () => {
    const epic = await status(["--epic", "63"], { isTTY: true, columns });
    const overview = await status([], { isTTY: true, columns });
    for (const line of [...epic.trimEnd().split("\n"), ...overview.trimEnd().split("\n")]) {
      expect(displayWidth(line), line).toBeLessThanOrEqual(columns);
    }
    expect(cellTexts(overview)).toContain("Waku Network Gen 0");
    expect(cellTexts(epic).filter((c) => /^#\d+$/.test(c)).length).toBeGreaterThan(100);
  });
});

describe("piped", () => {
  it("stays one tab-separated line per row, never wrapped, whatever the width", async () => {
    const out = await status(["--milestone", "1"], { isTTY: false, columns: 40 });
    const rows = out.split("\n").filter((l) => l.includes("\t"));
    expect(rows[0]).toBe("Epic\tTitle\tState\tProgress\tClosed\t%\tOpen by repository");
    expect(rows).toHaveLength(14);
    expect(rows.find((r) => r.startsWith("#63\t"))).toBe(
      "#63\t[Epic] 1.2: Autosharding for autoscaling\topen\t██████████░░░░░░\t95/146\t65%\tnwaku 46, js-waku 2, docs.waku.org 1, +2 more",
    );
  });
});

describe("the table renderer", () => {
  const head = ["N", "Title", "Progress", "Repos"];
  const rows = [
    [
      "12345",
      "A rather long title that has to wrap somewhere",
      { text: "█".repeat(8) + "░".repeat(8), bar: { closed: 1, total: 2 } },
      "alpha 1, beta-repository 22, gamma 3",
    ],
  ];

  it("leaves a table that fits alone", () => {
    expect(
      fitWidths(
        head,
        rows.map((r) => r.map((c) => (typeof c === "string" ? { text: c } : c))),
        [],
        200,
      ),
    ).toEqual([5, 46, 16, 36]);
  });

  it("wraps titles and lists first, then shortens bars, and never cuts a number", () => {
    const text = renderTable(
      { head, rows, fit: [undefined, "wrap", "bar", "list"] },
      { isTTY: true, color: false, columns: 60 },
    );
    for (const line of text.trimEnd().split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(60);
    const [header, row] = tableRows(text);
    expect(header).toEqual(head);
    expect(row?.[0]).toBe("12345");
    expect(row?.[1]).toBe("A rather long title that has to wrap somewhere");
    expect(row?.[3]).toBe("alpha 1, beta-repository 22, gamma 3");
    // A list breaks after its commas: "beta-repository 22" stays on one line.
    expect(text.split("\n").some((l) => l.includes("beta-repository 22"))).toBe(true);
    // The bar was redrawn shorter, still half full.
    const bar = text.match(/█+░+/)?.[0] ?? "";
    expect(bar.length).toBeLessThan(16);
    expect(bar.split("█").length - 1).toBe(bar.length / 2);
  });

  it("wraps at spaces, after list commas, and cuts only a word wider than the line", () => {
    expect(wrapText("one two three", 7)).toEqual(["one two", "three"]);
    expect(wrapText("nwaku 46, js-waku 2, go-waku 1", 12, [", "])).toEqual([
      "nwaku 46,",
      "js-waku 2,",
      "go-waku 1",
    ]);
    expect(wrapText("supercalifragilistic", 8)).toEqual(["supercal", "ifragili", "stic"]);
    expect(wrapText("日本語のタイトル", 6)).toEqual(["日本語", "のタイ", "トル"]);
    expect(displayWidth("日本語")).toBe(6);
  });
});
