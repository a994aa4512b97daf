/**
 * Splitting a report into parts that each fit a GitHub issue body and stand on their own.
 */
import { describe, expect, it } from "vitest";
import { type Block, renderBlocks, splitMarkdown } from "../../src/report/split-markdown.js";
import { markdownProblems } from "./markdown-validity.js";

function document(): Block[] {
  const blocks: Block[] = [{ kind: "para", text: "Intro paragraph." }];
  for (let m = 1; m <= 3; m++) {
    blocks.push({ kind: "heading", level: 2, text: `Milestone ${m}` });
    blocks.push({
      kind: "table",
      head: "| Epic | Percent |\n| --- | ---: |",
      rows: Array.from({ length: 30 }, (_, i) => `| Epic ${m}.${i} | ${i} % |`),
    });
    blocks.push({ kind: "heading", level: 3, text: "Highlights" });
    for (let i = 0; i < 40; i++) {
      blocks.push({ kind: "item", text: `- item ${m}.${i} with a nested line\n  - detail ${m}.${i}` });
    }
    blocks.push({ kind: "para", text: "```\ncode block that must stay whole\n```" });
  }
  return blocks;
}

describe("splitMarkdown", () => {
  it("keeps a document that fits whole, with no part label", () => {
    const parts = splitMarkdown("Report", document(), { limit: 100_000 });
    expect(parts).toEqual([`# Report\n\n${renderBlocks(document())}\n`]);
  });

  it("splits under the limit into parts that each stand on their own, losing and repeating nothing", () => {
    const limit = 1_500;
    const parts = splitMarkdown("Report", document(), { limit, what: "monthly report" });
    expect(parts.length).toBeGreaterThan(5);
    const all = parts.join("");
    parts.forEach((part, i) => {
      expect(part.length).toBeLessThanOrEqual(limit);
      const label = `monthly report: part ${i + 1} of ${parts.length}`;
      expect(part.startsWith(`<!-- ${label} -->\n# Report (${label})\n\n`)).toBe(true);
      expect(markdownProblems(part)).toEqual([]);
    });
    // Every item, row and code block exactly once, and whole.
    for (let m = 1; m <= 3; m++) {
      for (let i = 0; i < 40; i++) {
        expect(all.split(`- item ${m}.${i} with a nested line\n  - detail ${m}.${i}\n`)).toHaveLength(2);
      }
      for (let i = 0; i < 30; i++) expect(all.split(`| Epic ${m}.${i} | ${i} % |\n`)).toHaveLength(2);
    }
    expect(all.split("```\ncode block that must stay whole\n```")).toHaveLength(4);
  });

  it("says which section a part continues, and cuts a table between rows with its header again", () => {
    const parts = splitMarkdown("Report", document(), { limit: 1_500 });
    const continued = parts.slice(1).filter((p) => /\n\n## Milestone \d \(continued\)\n/.test(p));
    expect(continued.length).toBeGreaterThan(0);
    const cutTable = parts.find(
      (p, i) => i > 0 && /\(continued\)\n\n\| Epic \| Percent \|\n\| --- \| ---: \|\n\| Epic /.test(p),
    );
    expect(cutTable).toBeDefined();
    expect(parts.find((p) => /\n\n### Highlights \(continued\)\n\n- item/.test(p))).toBeDefined();
  });

  it("cuts a single block longer than a whole part, and says so", () => {
    const blocks: Block[] = [
      { kind: "item", text: `- ${"x".repeat(5_000)}` },
      { kind: "para", text: "after" },
    ];
    const parts = splitMarkdown("R", blocks, { limit: 1_000 });
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(1_000);
    expect(parts[0]).toContain("(cut here: too long for one GitHub issue)");
    expect(parts.at(-1)).toContain("after");
  });
});
