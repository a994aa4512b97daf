import { describe, expect, it } from "vitest";
import { formatDuration, ProgressBar } from "../../src/render/progress.js";
import { renderTable } from "../../src/render/table.js";
import { buildSyncJson, type RepoReport, renderRepo, renderSummary } from "../../src/sync/render.js";

const piped = { isTTY: false, color: false };
const tty = { isTTY: true, color: true };

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, output: { write: (s: string) => void chunks.push(s), isTTY, color: false, columns: 80 } };
}

const changed: RepoReport = {
  repo: "waku-org/nwaku",
  status: "ok",
  results: [
    {
      change: { action: "create", name: "track:rln", color: "0e8a16", description: "RLN" },
      status: "applied",
    },
    {
      change: { action: "rename", name: "bug", from: "BUG", reason: "case", fields: {}, color: "d73a4a" },
      status: "applied",
    },
    {
      change: { action: "merge", name: "bug", from: "type: bug" },
      status: "failed",
      error: "boom",
      relabelled: 2,
    },
    { change: { action: "keep-in-use", name: "old", issues: 3 }, status: "applied" },
  ],
};
const inSync: RepoReport = { repo: "waku-org/js-waku", status: "ok", results: [] };
const archived: RepoReport = {
  repo: "waku-org/attic",
  status: "skipped",
  skipReason: "archived",
  error: "archived: never written to",
  results: [],
};

describe("renderTable", () => {
  it("is tab-separated with a header when piped, and sanitises untrusted text", () => {
    const text = renderTable(
      { head: ["a", "b"], rows: [["x\ty", { text: "\u001b[31mred\u001b[0m", tone: "red" }]] },
      piped,
    );
    expect(text).toBe("a\tb\nx y\tred\n");
  });

  it("draws borders and colour on a terminal", () => {
    const text = renderTable({ head: ["action"], rows: [[{ text: "delete", tone: "red" }]] }, tty);
    expect(text).toContain("┌");
    expect(text).toContain("\u001b[31mdelete\u001b[39m");
  });

  it("renders nothing for no rows", () => {
    expect(renderTable({ head: ["a"], rows: [] }, piped)).toBe("");
  });
});

describe("sync rendering", () => {
  it("prints a repository's changes with statuses, and nothing for a repository in sync", () => {
    const text = renderRepo(changed, piped, true);
    expect(text.split("\n")[0]).toBe("waku-org/nwaku: 3 changes");
    expect(text).toContain("rename\tBUG → bug\tcase only\tapplied");
    expect(text).toContain("merge\ttype: bug → bug\t");
    expect(text).toContain("failed: boom");
    expect(renderRepo(inSync, piped, true)).toBe("");
  });

  it("marks delete and merge red and keep-in-use yellow on a colour terminal", () => {
    const text = renderRepo(changed, tty, false);
    expect(text).toContain("\u001b[31mmerge");
    expect(text).toContain("\u001b[33mkeep-in-use");
  });

  it("summarises across repositories", () => {
    expect(renderSummary([changed, inSync, archived], piped, false)).toBe(
      "3 repositories: 1 changed, 1 in sync, 1 skipped (archived)\nchanges: 1 create, 1 rename, 1 keep-in-use, 1 failed\n",
    );
    expect(renderSummary([inSync], piped, true)).toBe("1 repository: 0 would change, 1 in sync\n");
    expect(renderSummary([changed], piped, true)).toBe(
      "1 repository: 1 would change, 0 in sync\nplanned: 1 create, 1 rename, 1 merge, 1 keep-in-use, 1 failed\n",
    );
  });

  it("after an interrupted run, says what was not done instead of counting it as changed", () => {
    const untouched: RepoReport = {
      repo: "waku-org/js-noise",
      status: "ok",
      results: [{ change: { action: "delete", name: "x", issues: 0 }, status: "planned" }],
    };
    expect(renderSummary([untouched, inSync], piped, false)).toBe(
      "2 repositories: 0 changed, 1 in sync, 1 not reached\nchanges: 1 not done (re-run to finish)\n",
    );
  });

  it("builds the spec's JSON object", () => {
    const json = buildSyncJson("waku-org", false, [changed, archived]);
    expect(json).toEqual({
      version: 1,
      org: "waku-org",
      dry_run: false,
      repos: [
        {
          repo: "waku-org/nwaku",
          status: "ok",
          changes: [
            { action: "create", name: "track:rln", color: "0e8a16", description: "RLN", status: "applied" },
            { action: "rename", name: "bug", from: "BUG", color: "d73a4a", status: "applied" },
            { action: "merge", name: "bug", from: "type: bug", status: "failed", error: "boom" },
            { action: "keep-in-use", name: "old", status: "applied" },
          ],
        },
        { repo: "waku-org/attic", status: "skipped", error: "archived: never written to", changes: [] },
      ],
      // After a real run the counts are what was applied; the failed merge is counted as failed.
      summary: { create: 1, update: 0, rename: 1, merge: 0, delete: 0, "keep-in-use": 1, failed: 1 },
    });
  });
});

describe("ProgressBar", () => {
  it("prints nothing when stderr is not a terminal", () => {
    const { chunks, output } = sink(false);
    const bar = new ProgressBar(output, { unit: "writes", total: 3 });
    bar.tick();
    bar.finish();
    expect(chunks).toEqual([]);
  });

  it("shows done/total and an ETA from the pace so far, growing with discovered work", () => {
    let now = 0;
    const { chunks, output } = sink(true);
    const bar = new ProgressBar(output, { unit: "writes", total: 10, now: () => now });
    now = 2000;
    bar.tick(2);
    expect(bar.line()).toBe("[#####-------------------] 2/10 writes · ETA 8s");
    bar.addTotal(10);
    expect(bar.line()).toContain("2/20 writes · ETA 18s");
    bar.finish();
    expect(chunks.join("")).toContain("\r\u001b[K[");
    expect(chunks.at(-1)).toBe("\n");
  });

  it("stays silent when disabled (--verbose), even on a terminal", () => {
    const { chunks, output } = sink(true);
    const bar = new ProgressBar(output, { unit: "writes", total: 2, enabled: false });
    bar.tick();
    bar.finish();
    expect(chunks).toEqual([]);
  });

  it("formats durations", () => {
    expect(formatDuration(59_000)).toBe("59s");
    expect(formatDuration(65_000)).toBe("1m05s");
    expect(formatDuration(2 * 3600_000 + 60_000)).toBe("2h01m");
  });
});
