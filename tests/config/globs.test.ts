import { describe, expect, it } from "vitest";
import {
  compileRepoGlob,
  describeGlobError,
  namesRepoExplicitly,
  selectRepo,
} from "../../src/config/index.js";
import { suggestKey } from "../../src/config/suggest.js";

describe("repository globs", () => {
  const repos = ["nwaku", "js-waku", "js-waku-examples", "js.waku.guide", "go-waku", "waku.org", "research"];

  it("selects by name or glob, ignoring case, minus the excluded", () => {
    expect(repos.filter((r) => selectRepo(r, ["*"], []))).toEqual(repos);
    expect(repos.filter((r) => selectRepo(r, ["js-*"], ["*-examples"]))).toEqual(["js-waku"]);
    expect(repos.filter((r) => selectRepo(r, ["NWAKU", "?o-waku"], []))).toEqual(["nwaku", "go-waku"]);
    expect(repos.filter((r) => selectRepo(r, ["[gn]*"], ["[!g]*"]))).toEqual(["go-waku"]);
  });

  it("treats '.' literally", () => {
    expect(compileRepoGlob("waku.org").test("wakuXorg")).toBe(false);
    expect(compileRepoGlob("js.waku.*").test("js.waku.guide")).toBe(true);
  });

  it("explains what is wrong with a bad pattern", () => {
    expect(describeGlobError("js-*")).toBeUndefined();
    expect(describeGlobError("[]x]")).toBeUndefined();
    expect(describeGlobError("")).toContain("empty");
    expect(describeGlobError("waku-org/nwaku")).toContain('contains "/"');
    expect(describeGlobError("js-[waku")).toContain("never closed");
    expect(describeGlobError("js-]")).toContain('"]" without a matching "["');
    expect(describeGlobError("js waku")).toContain('contains " "');
  });

  it("knows when a repository is named rather than matched (forks are skipped unless named)", () => {
    expect(namesRepoExplicitly("NWaku", ["nwaku"])).toBe(true);
    expect(namesRepoExplicitly("nwaku", ["nw*"])).toBe(false);
  });
});

describe("suggestKey", () => {
  const label = ["name", "color", "description", "aliases"];

  it("suggests the closest known key", () => {
    expect(suggestKey("colour", label)).toBe("color");
    expect(suggestKey("Color", label)).toBe("color");
    expect(suggestKey("descripton", label)).toBe("description");
    expect(suggestKey("desc", label)).toBe("description");
    expect(suggestKey("alias", label)).toBe("aliases");
    expect(suggestKey("pm-repo", ["org", "pm_repo", "labels"])).toBe("pm_repo");
  });

  it("suggests nothing for an unrelated key", () => {
    expect(suggestKey("priority", label)).toBeUndefined();
  });
});
