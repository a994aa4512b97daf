/**
 * The union of an organisation's labels: which spelling, colour and description wins, and that the
 * "missing"/"differs" lists are exactly what the sync planner would do to each repository.
 */
import { describe, expect, it } from "vitest";
import { type RepoLabels, toLabelSpec, unionLabels } from "../../src/export/union.js";
import type { Label } from "../../src/github/labels.js";
import { planLabelSync } from "../../src/sync/plan.js";

const label = (name: string, color: string, description: string | null = null): Label => ({
  name,
  color,
  description,
});

describe("unionLabels", () => {
  it("matches names ignoring case and takes each field from most repositories", () => {
    const repos: RepoLabels[] = [
      { repo: "a", labels: [label("Bug", "ff0000", "broken")] },
      { repo: "b", labels: [label("bug", "d73a4a", "Something isn't working")] },
      { repo: "c", labels: [label("bug", "d73a4a", "broken")] },
      { repo: "d", labels: [label("BUG", "d73a4a", "broken")] },
    ];
    const [bug, ...rest] = unionLabels(repos);
    expect(rest).toEqual([]);
    expect(bug).toMatchObject({
      name: "bug",
      color: "d73a4a",
      description: "broken",
      present: 4,
      missing: [],
    });
    expect(bug!.differs).toEqual([
      { repo: "a", name: "Bug", color: "ff0000" },
      { repo: "b", description: "Something isn't working" },
      { repo: "d", name: "BUG" },
    ]);
  });

  it("breaks a tie in favour of the preferred repository, then the first repository", () => {
    const repos: RepoLabels[] = [
      { repo: "js", labels: [label("Critical", "ff0000")] },
      { repo: "pm", labels: [label("critical", "b60205")] },
    ];
    expect(unionLabels(repos, { preferRepo: "pm" })[0]).toMatchObject({ name: "critical", color: "b60205" });
    expect(unionLabels(repos)[0]).toMatchObject({ name: "Critical", color: "ff0000" });
  });

  it("leaves the description out when most repositories have none, and lists who lacks a label", () => {
    const repos: RepoLabels[] = [
      { repo: "a", labels: [label("help wanted", "008672", null), label("x", "000000")] },
      { repo: "b", labels: [label("help wanted", "008672", "")] },
      { repo: "c", labels: [label("help wanted", "008672", "Extra attention is needed")] },
    ];
    const [help, x] = unionLabels(repos);
    expect(help).toEqual({ name: "help wanted", color: "008672", present: 3, missing: [], differs: [] });
    expect(x).toMatchObject({ name: "x", present: 1, missing: ["b", "c"] });
  });

  it("says exactly what sync-labels would plan for each repository with the exported labels", () => {
    const repos: RepoLabels[] = [
      {
        repo: "pm",
        labels: [label("bug", "d73a4a", "broken"), label("E:1.1 x", "20a609"), label("docs", "0075ca")],
      },
      { repo: "js", labels: [label("Bug", "d73a4a", "broken"), label("docs", "00ffff")] },
      { repo: "go", labels: [label("bug", "d73a4a", "other"), label("E:1.1 X", "20a609")] },
    ];
    const labels = unionLabels(repos, { preferRepo: "pm" });
    const specs = labels.map(toLabelSpec);
    for (const { repo, labels: current } of repos) {
      const planned = planLabelSync(specs, current, { prune: false, force: false }).changes.map(
        (c) => `${c.action} ${c.name}`,
      );
      const claimed = labels.flatMap((l) => [
        ...(l.missing.includes(repo) ? [`create ${l.name}`] : []),
        ...l.differs
          .filter((d) => d.repo === repo)
          .map((d) => `${d.name !== undefined ? "rename" : "update"} ${l.name}`),
      ]);
      expect(claimed.sort(), repo).toEqual(planned.sort());
    }
    expect(labels.map((l) => l.name)).toEqual(["bug", "docs", "E:1.1 x"]);
  });
});
