import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  appendStepSummary,
  escapeMarkdown,
  fitSummary,
  markdownCode,
  markdownLink,
  markdownTable,
} from "../../src/render/step-summary.js";

describe("step summary", () => {
  it("appends to existing content and never truncates it", () => {
    const file = join(mkdtempSync(join(tmpdir(), "waku-pm-summary-")), "summary.md");
    writeFileSync(file, "## earlier step\nkept\n");
    expect(appendStepSummary({ GITHUB_STEP_SUMMARY: file }, "# first")).toBe(true);
    expect(appendStepSummary({ GITHUB_STEP_SUMMARY: file }, "# second")).toBe(true);
    expect(readFileSync(file, "utf8")).toBe("## earlier step\nkept\n\n# first\n\n# second\n");
  });

  it("writes nothing outside GitHub Actions", () => {
    expect(appendStepSummary({}, "# nothing")).toBe(false);
  });

  it("escapes untrusted text so it cannot break a table or inject markup", () => {
    const hostile = "a | b <img src=x> [link](http://evil) *bold*\nnext";
    const table = markdownTable(["Title"], [[escapeMarkdown(hostile)]]);
    const [, , row] = table.split("\n");
    // One row, one cell: every pipe inside the cell is escaped.
    expect(row?.replace(/\\\|/g, "").match(/\|/g)).toHaveLength(2);
    expect(row).not.toContain("<img");
    expect(row).toContain("&lt;img src=x&gt;");
    expect(row).toContain("\\[link\\]");
    expect(table.split("\n")).toHaveLength(3);
  });

  it("keeps links and code spans inside one cell", () => {
    expect(markdownLink("E:1 (x)", "https://github.com/o/r/issues/1")).toBe(
      "[E:1 (x)](https://github.com/o/r/issues/1)",
    );
    expect(markdownLink("x", "javascript:alert(1)")).toBe("x");
    expect(markdownCode("a|b`c")).toBe("`a\\|b'c`");
  });

  it("escapes line-start markers only where they start the text", () => {
    expect(escapeMarkdown("- not a list")).toBe("\\- not a list");
    expect(escapeMarkdown("waku-org/js-waku #62")).toBe("waku-org/js-waku \\#62");
    expect(escapeMarkdown("> quote")).toBe("&gt; quote");
  });

  it("cuts an oversized summary at a line and says so", () => {
    const big = Array.from({ length: 1000 }, (_, i) => `line ${i} ${"x".repeat(50)}`).join("\n");
    const fitted = fitSummary(big, 4096);
    expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(4096);
    expect(fitted).toContain("line 0 ");
    expect(fitted).toContain("1 MiB limit");
    expect(fitSummary("small", 4096)).toBe("small");
  });
});
