import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import type { Repo } from "../../src/github/repos.js";
import { selectRepositories } from "../../src/sync/select.js";

function repo(name: string, extra: Partial<Repo> = {}): Repo {
  return { name, fullName: `waku-org/${name}`, archived: false, fork: false, ...extra };
}

const all = [
  repo("nwaku"),
  repo("js-waku"),
  repo("js-noise"),
  repo("old-thing", { archived: true }),
  repo("forked-lib", { fork: true }),
  repo("named-fork", { fork: true }),
];

describe("selectRepositories", () => {
  it("applies include/exclude globs, skips archived repos and forks not named exactly", () => {
    const s = selectRepositories(all, { include: ["*", "named-fork"], exclude: ["js-n*"] }, [], "waku-org");
    expect(s.selected.map((r) => r.name)).toEqual(["nwaku", "js-waku", "named-fork"]);
    expect(s.skipped.map((x) => [x.repo.name, x.reason])).toEqual([
      ["old-thing", "archived"],
      ["forked-lib", "fork"],
    ]);
  });

  it("narrows to --repo names (with or without the org), ignoring case; a named fork is included", () => {
    const s = selectRepositories(
      all,
      { include: ["*"], exclude: [] },
      ["NWAKU", "waku-org/forked-lib"],
      "waku-org",
    );
    expect(s.selected.map((r) => r.name)).toEqual(["nwaku", "forked-lib"]);
    expect(s.skipped).toEqual([]);
  });

  it("never selects an archived repository, even when named", () => {
    const s = selectRepositories(all, { include: ["*"], exclude: [] }, ["old-thing"], "waku-org");
    expect(s.selected).toEqual([]);
    expect(s.skipped.map((x) => x.reason)).toEqual(["archived"]);
  });

  it("reports a --repo the config excludes as skipped instead of dropping it silently", () => {
    const s = selectRepositories(all, { include: ["*"], exclude: ["nwaku"] }, ["nwaku"], "waku-org");
    expect(s.selected).toEqual([]);
    expect(s.skipped.map((x) => x.reason)).toEqual(["excluded"]);
  });

  it("an unknown --repo is bad input naming it", () => {
    expect(() =>
      selectRepositories(all, { include: ["*"], exclude: [] }, ["nwaku", "nope"], "waku-org"),
    ).toThrow(InputError);
    try {
      selectRepositories(all, { include: ["*"], exclude: [] }, ["nope"], "waku-org");
    } catch (error) {
      expect((error as InputError).message).toBe('--repo: "nope" is not a repository of waku-org');
      expect((error as InputError).hint).toContain("nwaku");
      expect((error as InputError).exitCode).toBe(2);
    }
  });
});
