/**
 * Edge cases of validation that the CLI tests do not each need a file for: every problem keeps its
 * line and column, and odd YAML never crashes the validator.
 */
import { describe, expect, it } from "vitest";
import { validateConfigText } from "../../src/config/index.js";

function problems(text: string) {
  const result = validateConfigText(text, "f.yaml");
  return result.errors.map((e) => `${e.line}:${e.column} ${e.message}`);
}

describe("validateConfigText edge cases", () => {
  it("a duplicate key without a second name is not a merged entry: no missing-dash hint", () => {
    expect(problems("- name: a\n  color: 123456\n  color: 654321\n")).toEqual([
      '3:3 label "a": duplicate key `color` on line 3, first defined on line 2 (keep one)',
    ]);
  });

  it("duplicate top-level keys of the mapping", () => {
    expect(problems("org: a\norg: b\nlabels: []\n")).toEqual([
      "2:1 duplicate key `org` on line 2, first defined on line 1 (keep one)",
    ]);
  });

  it("several YAML documents", () => {
    expect(problems("- name: a\n---\n- name: b\n")).toEqual([
      "2:1 YAML syntax: the file holds several YAML documents (---); keep one",
    ]);
  });

  it("warns that an empty repos.include selects nothing", () => {
    const result = validateConfigText(
      "repos:\n  include: []\nlabels:\n  - name: a\n    color: 123456\n",
      "f.yaml",
    );
    expect(result.errors).toEqual([]);
    expect(result.config?.repos.include).toEqual([]);
    expect(result.warnings.map((w) => `${w.line}:${w.column} ${w.message}`)).toEqual([
      expect.stringMatching(/^2:12 repos\.include is empty, so sync-labels selects no repository/),
    ]);
  });

  it("an unclosed quote is reported where it opened, not where the file ends", () => {
    expect(
      problems('- name: bug\n  color: d73a4a\n- name: "E:Static sharding\n  color: b60205\n- name: x\n'),
    ).toEqual(["3:9 YAML syntax: a quoted value is never closed (add the closing quote on this line)"]);
    expect(problems("- name: 'it''s\n  color: 123456\n")[0]).toMatch(/^1:9 /);
  });

  it("entries that are empty, a list, or nameless", () => {
    expect(problems("- {}\n- \n- [a]\n- name:\n  color: 123456\n")).toEqual([
      "1:3 entry 1 is empty: write - name: … with color: …",
      "2:3 entry 2 is empty, not a mapping with name and color",
      "3:3 entry 3 is a list, not a mapping with name and color",
      "4:8 entry 4: name is empty",
    ]);
  });

  it("aliases must be a list of names", () => {
    expect(problems("- name: a\n  color: 123456\n  aliases: b\n")).toEqual([
      '3:12 label "a": aliases must be a list, not text ("b") (write [b])',
    ]);
    expect(problems('- name: a\n  color: 123456\n  aliases: ["", c, [d]]\n')).toEqual([
      '3:13 label "a": aliases[0] is empty',
      '3:20 label "a": aliases[2] must be text, not a list',
    ]);
  });

  it("wrong types and values in the mapping", () => {
    expect(problems("labels: x\norg: 'bad org'\nteam: [ -x ]\nepic_prefix: ''\nmilestones: [a]\n")).toEqual([
      '1:9 labels must be a list, not text ("x")',
      '2:6 org "bad org" is not a GitHub organisation name',
      '3:9 team[0] "-x" is not a GitHub login',
      '4:14 epic_prefix is empty (the default is "E:")',
      "5:13 milestones must be a mapping, not a list",
    ]);
  });

  it("a colour left empty by a plain comment is 'empty', without the quoting hint", () => {
    expect(problems("- name: a\n  color: # todo\n")).toEqual([
      '2:10 label "a": color is empty (write 6 hex digits, e.g. color: d73a4a)',
    ]);
  });

  it("anchors and aliases resolve; a key like __proto__ is just an unknown key", () => {
    const ok = validateConfigText("- name: a\n  color: &c 123456\n- name: b\n  color: *c\n", "f.yaml");
    expect(ok.config?.labels.map((l) => l.color)).toEqual(["123456", "123456"]);
    expect(problems("- __proto__: x\n  name: a\n  color: 123456\n")).toEqual([
      '1:3 label "a": unknown key "__proto__" (known keys: name, color, description, aliases)',
    ]);
    expect(problems("- ? [a, b]\n  : c\n  name: a\n  color: 123456\n")).toEqual([
      "1:5 a key must be plain text",
    ]);
  });

  it("reads files saved with a byte-order mark and CRLF line ends, columns as editors count them", () => {
    const result = validateConfigText(
      "\uFEFF- name: a\r\n  color: 123456\r\n- name: b\r\n  color: 12345\r\n",
      "f.yaml",
    );
    expect(result.labels.map((l) => l.name)).toEqual(["a"]);
    expect(result.errors.map((e) => `${e.line}:${e.column}`)).toEqual(["4:10"]);
  });

  it("name and description limits count characters, not UTF-16 units", () => {
    const name = `E:${"🚀".repeat(24)}ab`; // 28 characters but 52 UTF-16 units
    expect(problems(`- name: "${name}"\n  color: 123456\n`)).toEqual([]);
    expect(problems(`- name: "${"x".repeat(51)}"\n  color: 123456\n`)).toEqual([
      `1:9 label "${"x".repeat(51)}": name is 51 characters; GitHub allows at most 50 (shorten it)`,
    ]);
  });
});
