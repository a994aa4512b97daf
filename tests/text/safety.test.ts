/**
 * The text-safety module on its own: each function against the hostile text it exists for.
 */
import { describe, expect, it } from "vitest";
import { printWarnings } from "../../src/render/warnings.js";
import {
  forAnnotationData,
  forAnnotationProperty,
  forCsvCell,
  forMarkdownInline,
  forMarkdownLines,
  forTerminal,
  forTerminalBlock,
} from "../../src/text/safety.js";

const ESC = "\u001b";

describe("forTerminal", () => {
  it.each([
    ["CSI colour and clear screen", `a${ESC}[31mred${ESC}[0m${ESC}[2J b`, "ared b"],
    ["OSC window title (BEL)", `x${ESC}]0;pwned\u0007y`, "xy"],
    ["OSC 8 hyperlink (ST)", `${ESC}]8;;https://evil${ESC}\\click${ESC}]8;;${ESC}\\`, "click"],
    ["DCS string", `a${ESC}Pq#0;2;0;0;0${ESC}\\b`, "ab"],
    ["charset designation", `a${ESC}(Bb`, "ab"],
    ["8-bit CSI", "a\u009b31mb", "ab"],
    ["C0, DEL and C1", "a\u0000\u0007\u007f\u0085\u009fb", "ab"],
    ["lone surrogates", "a\ud800b\udc00c😀", "abc😀"],
    ["line breaks and tabs", "one\ntwo\r\nthree\rfour\tfive\u2028six", "one two three four five six"],
  ])("strips %s", (_, input, expected) => {
    expect(forTerminal(input)).toBe(expected);
  });

  it("keeps line breaks and tabs in a block", () => {
    expect(forTerminalBlock(`a${ESC}[1m\r\n\tb\rc`)).toBe("a\n\tb\nc");
  });
});

describe("forMarkdownInline", () => {
  it("keeps a hostile title inside its table cell, unable to inject markup, reference or ping", () => {
    expect(
      forMarkdownInline(
        "a | b <img src=x> [x](http://evil) `code` & #62\nnext \u001b[31mred\u001b[0m @alice",
      ),
    ).toBe("a \\| b &lt;img src=x&gt; \\[x\\](http://evil) \\`code\\` &amp; \\#62 next red @\u200balice");
  });

  it("escapes what would start a list, a quote or a heading at the start", () => {
    expect(forMarkdownInline("- not a list")).toBe("\\- not a list");
    expect(forMarkdownInline("> quote")).toBe("&gt; quote");
    expect(forMarkdownInline("# heading")).toBe("\\# heading");
  });
});

describe("forMarkdownLines", () => {
  it("keeps tab-indented nested bullets and inner tabs", () => {
    const lines = ["- _risks_:", "\t- vendor may slip", "\t\t- deeper", "- _next_: a\tb"];
    expect(forMarkdownLines(lines)).toEqual(lines);
  });

  it("defuses @mentions outside code and URLs, leaving e-mail addresses", () => {
    expect(
      forMarkdownLines([
        "- thanks @alice, (cc @org/team) and [@bob](https://github.com/bob)",
        "- `npm i @waku/sdk` https://www.npmjs.com/package/@waku/sdk mail a@b.example",
      ]),
    ).toEqual([
      "- thanks @\u200balice, (cc @\u200borg/team) and [@\u200bbob](https://github.com/bob)",
      "- `npm i @waku/sdk` https://www.npmjs.com/package/@waku/sdk mail a@b.example",
    ]);
  });

  it("defuses workflow commands, also indented and inside a closed code fence", () => {
    const out = forMarkdownLines([
      "::add-mask::Failed",
      "  ::stop-commands::x",
      "```",
      "::set-output name=a::b",
      "```",
      "see ##[group]x",
    ]);
    expect(out.filter((l) => l.trimStart().startsWith("::") || l.includes("##["))).toEqual([]);
    expect(out[0]).toBe("\u200b::add-mask::Failed");
    expect(out[1]).toBe("  \u200b::stop-commands::x");
    expect(out[2]).toBe("```");
  });

  it("still neutralises headings, setext lines, unclosed fences and HTML", () => {
    expect(forMarkdownLines(["# Oops", "---", "<details>", "```"])).toEqual([
      "\\# Oops",
      "\\---",
      "&lt;details>",
      "\\```",
    ]);
  });
});

describe("forCsvCell", () => {
  it("drops ESC, OSC 8, NUL and CR, then neutralises formulas", () => {
    expect(forCsvCell(`${ESC}]8;;https://evil\u0007click${ESC}]8;;\u0007 me`)).toBe("click me");
    expect(forCsvCell("nul\u0000 and cr\r here")).toBe("nul and cr here");
    expect(forCsvCell(`${ESC}[31m=1+1`)).toBe("'=1+1");
    expect(forCsvCell("\rcmd")).toBe("cmd");
    expect(forCsvCell("\t=cmd")).toBe("'\t=cmd");
    expect(forCsvCell("two\r\nlines")).toBe('"two\nlines"');
    expect(forCsvCell(-3)).toBe("-3");
  });
});

describe("annotations", () => {
  it("encodes line breaks and drops escape sequences", () => {
    expect(forAnnotationData(`50% done\r\nnext ${ESC}[31m::error::x`)).toBe(
      "50%25 done%0D%0Anext ::error::x",
    );
    expect(forAnnotationProperty("C:\\dir,x\n")).toBe("C%3A\\dir%2Cx%0A");
  });
});

describe("printWarnings", () => {
  const capture = (warnings: string[], env: Record<string, string>) => {
    let text = "";
    printWarnings({ write: (s: string) => (text += s), color: false }, warnings, env);
    return text;
  };

  it("prints one sanitised line per warning", () => {
    expect(capture([`epic "a\n::set-output name=x::${ESC}]0;t\u0007y"`], {})).toBe(
      'warning: epic "a ::set-output name=x::y"\n',
    );
  });

  it("under GitHub Actions, no line can be read as a workflow command", () => {
    const text = capture(["::add-mask::x", "a\r::stop-commands::t", "b ##[set-output name=x]y"], {
      GITHUB_ACTIONS: "true",
    });
    const lines = text.split(/\r\n|\r|\n/).filter((l) => l !== "");
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line.startsWith("warning: ")).toBe(true);
      expect(line).not.toContain("##[");
    }
  });
});
