import { describe, expect, it } from "vitest";
import { paginate, readPaging } from "../../src/simulator/pagination.js";
import { parseSearchQuery } from "../../src/simulator/search.js";

const items = Array.from({ length: 95 }, (_, i) => i + 1);
const SELF = "http://127.0.0.1:1/repos/o/r/labels";

function rels(link: string | undefined): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const m of (link ?? "").matchAll(/<([^>]+)>;\s*rel="([^"]+)"/g)) {
    out[m[2]!] = new URL(m[1]!).searchParams.get("page");
  }
  return out;
}

describe("paginate", () => {
  it("defaults to 30 a page and ignores nonsense per_page/page values", () => {
    expect(readPaging({})).toEqual({ perPage: 30, page: 1 });
    expect(readPaging({ per_page: "0", page: "-2" })).toEqual({ perPage: 30, page: 1 });
    expect(readPaging({ per_page: "500" })).toEqual({ perPage: 100, page: 1 });
  });

  it("links next and last from the first page, all four from a middle page, prev and first from the last", () => {
    expect(rels(paginate(items, SELF, {}).link)).toEqual({ next: "2", last: "4" });
    expect(rels(paginate(items, SELF, { page: "2" }).link)).toEqual({
      prev: "1",
      next: "3",
      last: "4",
      first: "1",
    });
    const last = paginate(items, SELF, { page: "4" });
    expect(last.items).toEqual([91, 92, 93, 94, 95]);
    expect(rels(last.link)).toEqual({ prev: "3", first: "1" });
  });

  it("keeps the other query parameters in every link", () => {
    const { link } = paginate(items, SELF, { state: "all", labels: "a,b" });
    const next = /<([^>]+)>;\s*rel="next"/.exec(link ?? "")?.[1];
    expect(new URL(next!).searchParams.get("labels")).toBe("a,b");
    expect(new URL(next!).searchParams.get("state")).toBe("all");
  });

  it("answers an empty page past the end, pointing back", () => {
    const beyond = paginate(items, SELF, { page: "9" });
    expect(beyond.items).toEqual([]);
    expect(rels(beyond.link)).toEqual({ prev: "4", first: "1" });
  });

  it("stops at maxResults (search's 1,000 cap)", () => {
    const many = Array.from({ length: 1500 }, (_, i) => i);
    expect(rels(paginate(many, SELF, { per_page: "100" }, 1000).link).last).toBe("10");
  });
});

describe("parseSearchQuery", () => {
  it("splits qualifiers with quoted, comma-separated values from free words", () => {
    const parsed = parseSearchQuery(
      'org:waku-org is:issue label:"E:1.1 Net","bug" -label:wontfix updated:>=2023-11-20 Autosharding',
    );
    expect(parsed.words).toEqual(["autosharding"]);
    expect(parsed.qualifiers).toEqual([
      { negated: false, key: "org", values: ["waku-org"] },
      { negated: false, key: "is", values: ["issue"] },
      { negated: false, key: "label", values: ["E:1.1 Net", "bug"] },
      { negated: true, key: "label", values: ["wontfix"] },
      { negated: false, key: "updated", values: [">=2023-11-20"] },
    ]);
  });
});
