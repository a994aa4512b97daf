import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { findLabel, findRepo, issueLabels } from "../../src/simulator/state.js";
import { call, fetchAll, issue, label, ORG, parseLink, repo, seed } from "./helpers.js";

const TRICKY = "E:1.1 Net / sharding 50% ?#🚀";
const enc = encodeURIComponent;

let sim: Simulator;

beforeAll(async () => {
  const many = Array.from({ length: 150 }, (_, i) => label(`label-${String(i).padStart(3, "0")}`, "00ff00"));
  sim = await startSimulator({
    seed: seed([
      repo("pm", {
        labels: [
          label("bug", "d73a4a", "Something isn't working"),
          label(TRICKY, "ABCDEF", "Epic 1.1"),
          label("E:old-name", "111111", "renamed later"),
          label("doomed", "222222"),
          label("track:rln", "333333"),
        ],
        issues: [
          issue(1, { labels: ["E:old-name", "bug"] }),
          issue(2, { labels: ["doomed", TRICKY], pull_request: true }),
          issue(3, { labels: [] }),
          issue(4, { labels: ["track:rln"] }),
        ],
      }),
      repo("many", { labels: many }),
      repo("frozen", {
        archived: true,
        labels: [label("bug", "d73a4a")],
        issues: [issue(1, { labels: ["bug"] })],
      }),
    ]),
  });
});

afterAll(async () => {
  await sim.close();
});

afterEach(() => {
  // Every answer in these tests must be one GitHub's OpenAPI description allows.
  expect(sim.violations).toEqual([]);
});

describe("labels CRUD", () => {
  it("returns label objects with the fields GitHub returns, description null when none", async () => {
    const reply = await call(sim.url, "GET", `/repos/${ORG}/pm/labels/doomed`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      id: expect.any(Number),
      node_id: expect.any(String),
      url: `${sim.url}/repos/${ORG}/pm/labels/doomed`,
      name: "doomed",
      color: "222222",
      default: false,
      description: null,
    });
    const bug = await call(sim.url, "GET", `/repos/${ORG}/pm/labels/bug`);
    expect(bug.body.default).toBe(true);
  });

  it("looks labels up by name ignoring case", async () => {
    const reply = await call(sim.url, "GET", `/repos/${ORG}/pm/labels/BUG`);
    expect(reply.status).toBe(200);
    expect(reply.body.name).toBe("bug");
  });

  it("answers 404 with GitHub's body for an unknown label", async () => {
    const reply = await call(sim.url, "GET", `/repos/${ORG}/pm/labels/nope`);
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({
      message: "Not Found",
      documentation_url: expect.stringContaining("docs"),
    });
  });

  it("takes a name with emoji, %, /, ? and # through get, rename and delete", async () => {
    const got = await call(sim.url, "GET", `/repos/${ORG}/pm/labels/${enc(TRICKY)}`);
    expect(got.status).toBe(200);
    expect(got.body.name).toBe(TRICKY);

    const renamed = `${TRICKY} v2`;
    const patched = await call(sim.url, "PATCH", `/repos/${ORG}/pm/labels/${enc(TRICKY)}`, {
      body: { new_name: renamed },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe(renamed);
    expect(patched.body.url).toBe(`${sim.url}/repos/${ORG}/pm/labels/${enc(renamed)}`);
    // The pull request that carried it still carries it under the new name.
    const pm = findRepo(sim.state, "pm")!;
    const pr = pm.issues.find((i) => i.number === 2)!;
    expect(issueLabels(pm, pr).map((l) => l.name)).toContain(renamed);

    const deleted = await call(sim.url, "DELETE", `/repos/${ORG}/pm/labels/${enc(renamed)}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    const gone = await call(sim.url, "GET", `/repos/${ORG}/pm/labels/${enc(renamed)}`);
    expect(gone.status).toBe(404);
    expect(issueLabels(pm, pr).map((l) => l.name)).toEqual(["doomed"]);
  });

  it("creates a label (201) and refuses a second one differing only in case (422 already_exists)", async () => {
    const created = await call(sim.url, "POST", `/repos/${ORG}/pm/labels`, {
      body: { name: "needs-review", color: "fbca04", description: "Waiting for a reviewer" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "needs-review",
      color: "fbca04",
      description: "Waiting for a reviewer",
    });

    const clash = await call(sim.url, "POST", `/repos/${ORG}/pm/labels`, {
      body: { name: "Needs-Review", color: "000000" },
    });
    expect(clash.status).toBe(422);
    expect(clash.body.message).toBe("Validation Failed");
    expect(clash.body.errors).toEqual([{ resource: "Label", code: "already_exists", field: "name" }]);
  });

  it("refuses to rename a label onto another label's name, ignoring case", async () => {
    const reply = await call(sim.url, "PATCH", `/repos/${ORG}/pm/labels/doomed`, {
      body: { new_name: "BUG" },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.errors[0]).toMatchObject({ resource: "Label", code: "already_exists", field: "name" });
  });

  it("allows a case-only rename and keeps every issue's label", async () => {
    const reply = await call(sim.url, "PATCH", `/repos/${ORG}/pm/labels/track%3Arln`, {
      body: { new_name: "Track:RLN", color: "444444", description: "RLN work" },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ name: "Track:RLN", color: "444444", description: "RLN work" });
    const onIssue = await call(sim.url, "GET", `/repos/${ORG}/pm/issues/4/labels`);
    expect(onIssue.body.map((l: { name: string }) => l.name)).toEqual(["Track:RLN"]);
  });

  it("renames with new_name in place: issues keep the label", async () => {
    const reply = await call(sim.url, "PATCH", `/repos/${ORG}/pm/labels/E%3Aold-name`, {
      body: { new_name: "E:new-name" },
    });
    expect(reply.status).toBe(200);
    const issueOne = await call(sim.url, "GET", `/repos/${ORG}/pm/issues/1`);
    expect(issueOne.body.labels.map((l: { name: string }) => l.name)).toEqual(["E:new-name", "bug"]);
  });

  it("refuses names over 50 characters, colours that are not six hex digits, descriptions over 100", async () => {
    const long = await call(sim.url, "POST", `/repos/${ORG}/pm/labels`, {
      body: { name: "x".repeat(51), color: "ffffff" },
    });
    expect(long.status).toBe(422);
    expect(long.body.errors[0]).toMatchObject({ resource: "Label", field: "name" });
    const fifty = await call(sim.url, "POST", `/repos/${ORG}/pm/labels`, {
      body: { name: "y".repeat(50), color: "ffffff" },
    });
    expect(fifty.status).toBe(201);

    for (const color of ["#ffffff", "fff", "gggggg", "8672"]) {
      const bad = await call(sim.url, "POST", `/repos/${ORG}/pm/labels`, {
        body: { name: `c-${color}`, color },
      });
      expect(bad.status, color).toBe(422);
      expect(bad.body.errors[0]).toMatchObject({ resource: "Label", code: "invalid", field: "color" });
    }
    const desc = await call(sim.url, "PATCH", `/repos/${ORG}/pm/labels/bug`, {
      body: { description: "d".repeat(101) },
    });
    expect(desc.status).toBe(422);
    expect(desc.body.errors[0]).toMatchObject({ resource: "Label", field: "description" });
    const still = await call(sim.url, "GET", `/repos/${ORG}/pm/labels/bug`);
    expect(still.body.description).toBe("Something isn't working");
  });

  it("refuses a name made only of native emoji", async () => {
    const reply = await call(sim.url, "POST", `/repos/${ORG}/pm/labels`, {
      body: { name: "🚀", color: "ffffff" },
    });
    expect(reply.status).toBe(422);
  });

  it("stores an empty description as null", async () => {
    const reply = await call(sim.url, "PATCH", `/repos/${ORG}/pm/labels/doomed`, {
      body: { description: "" },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.description).toBeNull();
  });

  it("deleting a label strips it from every issue and pull request", async () => {
    await call(sim.url, "POST", `/repos/${ORG}/pm/labels`, { body: { name: "temp", color: "123456" } });
    await call(sim.url, "POST", `/repos/${ORG}/pm/issues/3/labels`, { body: { labels: ["temp"] } });
    const del = await call(sim.url, "DELETE", `/repos/${ORG}/pm/labels/TEMP`);
    expect(del.status).toBe(204);
    const after = await call(sim.url, "GET", `/repos/${ORG}/pm/issues/3/labels`);
    expect(after.body).toEqual([]);
  });
});

describe("issue labels", () => {
  it("POST silently creates a missing label, grey and without description, as GitHub does", async () => {
    const reply = await call(sim.url, "POST", `/repos/${ORG}/pm/issues/3/labels`, {
      body: { labels: ["bug", "brand-new"] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.map((l: { name: string }) => l.name)).toEqual(["bug", "brand-new"]);
    const created = await call(sim.url, "GET", `/repos/${ORG}/pm/labels/brand-new`);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ color: "ededed", description: null });
  });

  it("PUT replaces the set, DELETE removes one and 404s when the issue lacks it", async () => {
    const put = await call(sim.url, "PUT", `/repos/${ORG}/pm/issues/3/labels`, {
      body: { labels: ["doomed"] },
    });
    expect(put.status).toBe(200);
    expect(put.body.map((l: { name: string }) => l.name)).toEqual(["doomed"]);

    const removed = await call(sim.url, "DELETE", `/repos/${ORG}/pm/issues/3/labels/Doomed`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual([]);
    const again = await call(sim.url, "DELETE", `/repos/${ORG}/pm/issues/3/labels/doomed`);
    expect(again.status).toBe(404);
    // The repository label itself survives.
    expect(findLabel(findRepo(sim.state, "pm")!, "doomed")).toBeDefined();
  });

  it("404s for an issue that does not exist", async () => {
    const reply = await call(sim.url, "GET", `/repos/${ORG}/pm/issues/999/labels`);
    expect(reply.status).toBe(404);
  });
});

describe("pagination of labels", () => {
  it("pages 150 labels 30 at a time by default, with next and last links", async () => {
    const first = await call(sim.url, "GET", `/repos/${ORG}/many/labels`);
    expect(first.body).toHaveLength(30);
    const links = parseLink(first.headers.get("link"));
    expect(Object.keys(links).sort()).toEqual(["last", "next"]);
    expect(new URL(links.next!).searchParams.get("page")).toBe("2");
    expect(new URL(links.last!).searchParams.get("page")).toBe("5");
  });

  it("caps per_page at 100 and links prev/first from the last page", async () => {
    const first = await call(sim.url, "GET", `/repos/${ORG}/many/labels?per_page=250`);
    expect(first.body).toHaveLength(100);
    const next = parseLink(first.headers.get("link")).next!;
    expect(new URL(next).searchParams.get("per_page")).toBe("250");
    const second = await call("", "GET", next);
    expect(second.body).toHaveLength(50);
    const links = parseLink(second.headers.get("link"));
    expect(Object.keys(links).sort()).toEqual(["first", "prev"]);
  });

  it("following next yields every label exactly once", async () => {
    const { items, pages } = await fetchAll(sim.url, `/repos/${ORG}/many/labels?per_page=100`);
    expect(pages).toBe(2);
    const names = items.map((l: { name: string }) => l.name);
    expect(new Set(names).size).toBe(150);
    expect(names).toContain("label-149");
  });

  it("sends no Link header when everything fits on one page", async () => {
    const reply = await call(sim.url, "GET", `/repos/${ORG}/pm/labels?per_page=100`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("link")).toBeNull();
  });
});

describe("archived repositories", () => {
  it("can be read but refuse every write with 403", async () => {
    expect((await call(sim.url, "GET", `/repos/${ORG}/frozen/labels`)).status).toBe(200);
    const writes: [string, string, unknown][] = [
      ["POST", `/repos/${ORG}/frozen/labels`, { name: "x", color: "ffffff" }],
      ["PATCH", `/repos/${ORG}/frozen/labels/bug`, { color: "000000" }],
      ["DELETE", `/repos/${ORG}/frozen/labels/bug`, undefined],
      ["POST", `/repos/${ORG}/frozen/issues/1/labels`, { labels: ["x"] }],
      ["DELETE", `/repos/${ORG}/frozen/issues/1/labels/bug`, undefined],
    ];
    for (const [method, path, body] of writes) {
      const reply = await call(sim.url, method, path, body === undefined ? {} : { body });
      expect(reply.status, `${method} ${path}`).toBe(403);
      expect(reply.body.message).toBe("Repository was archived so is read-only.");
    }
    const frozen = findRepo(sim.state, "frozen")!;
    expect(frozen.labels.map((l) => [l.name, l.color])).toEqual([["bug", "d73a4a"]]);
  });
});
