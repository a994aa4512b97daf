import { describe, expect, it } from "vitest";
import { escapeUpdateLines } from "../../src/report/markdown.js";

describe("escaping update lines", () => {
  it("leaves ordinary update markdown alone", () => {
    const lines = [
      "- _achieved_: merged [PR](https://github.com/waku-org/nwaku/pull/1) with `--flag` and **bold**",
      "  - nested detail <https://example.com/x>",
      "- _next_: 3 > 2",
    ];
    expect(escapeUpdateLines(lines)).toEqual(lines);
  });

  it("neutralises a stray heading", () => {
    expect(escapeUpdateLines(["# Oops", "  ### deeper", "#hashtag"])).toEqual([
      "\\# Oops",
      "  \\### deeper",
      "#hashtag",
    ]);
  });

  it("neutralises an unclosed fence but keeps a closed one with its contents", () => {
    expect(escapeUpdateLines(["- _achieved_: a", "```", "# not a heading"])).toEqual([
      "- _achieved_: a",
      "\\```",
      "\\# not a heading",
    ]);
    const closed = ["```sh", "# a shell comment", "```"];
    expect(escapeUpdateLines(closed)).toEqual(closed);
  });

  it("escapes HTML that could hide the rest of the report", () => {
    expect(escapeUpdateLines(["<details>", "- _next_: <!-- hidden"])).toEqual([
      "&lt;details>",
      "- _next_: &lt;!-- hidden",
    ]);
  });

  it("neutralises setext underlines and rules that would restyle the line above", () => {
    expect(escapeUpdateLines(["text", "---", "==="])).toEqual(["text", "\\---", "\\==="]);
  });

  it("drops terminal escape sequences", () => {
    expect(escapeUpdateLines(["- _achieved_: \u001b[31mred\u001b[0m"])).toEqual(["- _achieved_: red"]);
  });
});
