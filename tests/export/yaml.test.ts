/**
 * Every scalar export-labels writes reads back as the same string, in waku-pm (failsafe schema) and
 * in the YAML 1.2 and 1.1 readers other tools use; and a whole export of awkward labels passes lint
 * with every name, colour and description intact.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validateConfigText } from "../../src/config/index.js";
import { acceptedByLint, renderExport } from "../../src/export/document.js";
import { type RepoLabels, unionLabels } from "../../src/export/union.js";
import { labelComment, yamlScalar } from "../../src/export/yaml.js";

const TRICKY = [
  "008672",
  "0075ca",
  "1e10",
  "123456",
  "d73a4a",
  "yes",
  "No",
  "on",
  "null",
  "~",
  "",
  "E: x",
  "type: bug",
  "E:1.1 Network",
  "a #b",
  "#hash",
  "- dash",
  "trailing ",
  " leading",
  'say "hi"',
  "back\\slash",
  "tab\there",
  "two\nlines",
  "🚀 launch",
  "isn't",
  "@mention",
  "`tick`",
  "[x]",
  "{x}",
  "*star",
  "&anchor",
  "!tag",
  "%pct",
  "|pipe",
  ">gt",
  "?q",
  "100%",
  "a: b: c",
  "ends with:",
  "x\u0085y\u2028z\ufeff",
];

describe("yamlScalar", () => {
  it.each(TRICKY)("%j reads back as the same string in YAML 1.2 core and 1.1", (value) => {
    const text = `key: ${yamlScalar(value)}\n`;
    expect(parse(text)).toEqual({ key: value });
    expect(parse(text, { version: "1.1" })).toEqual({ key: value });
    expect(parse(text, { schema: "failsafe" })).toEqual({ key: value });
  });

  it("writes ordinary names and colours plain, as people write them", () => {
    expect(yamlScalar("good first issue")).toBe("good first issue");
    expect(yamlScalar("d73a4a")).toBe("d73a4a");
    expect(yamlScalar("Something isn't working")).toBe("Something isn't working");
    expect(yamlScalar("008672")).toBe('"008672"');
  });
});

describe("the export document", () => {
  it("passes lint with every tricky name, colour and description intact", () => {
    const names = TRICKY.filter((n) => n.trim() !== "" && n !== "~" && !/[\n\t\u0085\u2028\ufeff]/.test(n));
    const repos: RepoLabels[] = [
      {
        repo: "pm",
        labels: names.map((name, i) => ({
          name,
          color: i % 2 ? "008672" : "1e1000",
          description: `${name}: described # here`,
        })),
      },
      // A difference spelled with a line break must not end its comment early.
      { repo: "js", labels: [{ name: "008672", color: "ffffff", description: "two\nlines" }] },
    ];
    const labels = unionLabels(repos, { preferRepo: "pm" });
    const accepted = acceptedByLint(
      labels,
      (kept, leftOut) => renderExport("acme", { kind: "org", skipped: [] }, repos, kept, leftOut),
      "labels.yaml",
    );
    expect(accepted.leftOut).toEqual([]);
    const result = validateConfigText(accepted.text, "labels.yaml");
    expect(result.errors).toEqual([]);
    expect(result.config?.org).toBe("acme");
    expect(result.config?.labels.map((l) => [l.name, l.color, l.description])).toEqual(
      labels.map((l) => [l.name, l.color, l.description]),
    );
    expect(accepted.text).toContain('# differs in 1: js has color ffffff, description "two\\nlines"');
  });

  it("leaves out, and names, a label lint rejects instead of writing a file that fails lint", () => {
    const repos: RepoLabels[] = [
      {
        repo: "pm",
        labels: [
          { name: "bug", color: "d73a4a", description: null },
          { name: "🚀", color: "fbca04", description: null },
        ],
      },
    ];
    const accepted = acceptedByLint(
      unionLabels(repos),
      (kept, leftOut) => renderExport("acme", { kind: "repo", repo: "pm" }, repos, kept, leftOut),
      "labels.yaml",
    );
    expect(accepted.labels.map((l) => l.name)).toEqual(["bug"]);
    expect(accepted.leftOut.map((l) => l.label.name)).toEqual(["🚀"]);
    expect(accepted.leftOut[0]!.reasons.join(" ")).toMatch(/emoji/);
    expect(accepted.text).toMatch(/^# Left out: "🚀" \(color fbca04\), which lint rejects/m);
    expect(validateConfigText(accepted.text, "labels.yaml").errors).toEqual([]);
  });
});

describe("labelComment", () => {
  it("names the few repositories that carry a label when most lack it, and caps long lists", () => {
    const repos = Array.from({ length: 30 }, (_, i) => `r${String(i).padStart(2, "0")}`);
    const rare = { name: "x", color: "000000", present: 2, missing: repos.slice(2), differs: [] };
    expect(labelComment(rare, 30, () => ["r00", "r01"])).toEqual(["only in 2 of 30 repositories: r00, r01"]);
    const common = { ...rare, present: 22, missing: repos.slice(0, 22) };
    expect(labelComment(common, 44, () => [])[0]).toBe(
      `missing in 22 of 44 repositories: ${repos.slice(0, 20).join(", ")} and 2 more`,
    );
  });
});
