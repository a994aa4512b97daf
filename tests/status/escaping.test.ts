import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "../../src/render/csv.js";
import { escapeMarkdown, markdownLink, markdownTable } from "../../src/render/markdown.js";

describe("csv", () => {
  it.each([
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ["+1", "'+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", "cmd"],
  ])("neutralises the formula %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("quotes commas, quotes and line breaks (RFC 4180) and leaves plain text alone", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(null)).toBe("");
  });

  it("joins rows with CRLF", () => {
    expect(
      toCsv([
        ["a", 1],
        ["b", true],
      ]),
    ).toBe("a,1\r\nb,true\r\n");
  });
});

describe("markdown", () => {
  it("keeps a hostile title inside its table cell", () => {
    const cell = escapeMarkdown(
      "a | b <img src=x> [x](http://evil) `code`\nnext \u001b[31mred\u001b[0m @alice",
    );
    expect(cell).toBe("a \\| b &lt;img src=x&gt; \\[x\\](http://evil) \\`code\\` next red @\u200balice");
    const table = markdownTable(["title", "n"], [[cell, "1"]], ["left", "right"]);
    const row = table.split("\n")[2]!;
    // Unescaped pipes delimit cells: exactly three for two cells.
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(3);
  });

  it("builds links whose target cannot be closed early", () => {
    expect(markdownLink("x]", "https://e/a b)")).toBe("[x\\]](https://e/a%20b%29)");
  });
});
