import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty, formatAnnotation, inGitHubActions } from "../src/render/annotations.js";

describe("GitHub Actions annotations", () => {
  it("formats ::level file=…,line=…,col=…::message", () => {
    const line = formatAnnotation("error", {
      file: "labels.yaml",
      line: 178,
      column: 9,
      message: "name too long",
    });
    expect(line).toBe("::error file=labels.yaml,line=178,col=9::name too long");
    expect(formatAnnotation("warning", { file: "a.yml", line: 1, column: 1, message: "m" })).toMatch(
      /^::warning /,
    );
  });

  it("escapes %, CR and LF in the message, and also : and , in properties", () => {
    expect(escapeData("50% done\r\nnext: a, b")).toBe("50%25 done%0D%0Anext: a, b");
    expect(escapeProperty("C:\\dir,x/labels%.yaml\n")).toBe("C%3A\\dir%2Cx/labels%25.yaml%0A");
    const line = formatAnnotation("error", {
      file: "conf,ig/a:b.yaml",
      line: 2,
      column: 3,
      message: 'label "E:1.2: x": bad\nsecond line',
    });
    expect(line).toBe('::error file=conf%2Cig/a%3Ab.yaml,line=2,col=3::label "E:1.2: x": bad%0Asecond line');
    // One annotation is always one line, whatever the message holds.
    expect(line.split("\n")).toHaveLength(1);
  });

  it("knows when it runs under GitHub Actions", () => {
    expect(inGitHubActions({ GITHUB_ACTIONS: "true" })).toBe(true);
    expect(inGitHubActions({})).toBe(false);
  });
});
