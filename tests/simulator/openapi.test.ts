/**
 * The OpenAPI checker works both ways: requests GitHub would refuse and answers GitHub would never
 * give are caught (a 500 naming the problem, and an entry in `violations`), while correct traffic
 * passes untouched.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import subset from "../../src/simulator/openapi/github-subset.json" with { type: "json" };
import { createOpenApiValidator } from "../../src/simulator/openapi-validator.js";
import { ROUTES } from "../../src/simulator/rest.js";
import { findLabel, findRepo } from "../../src/simulator/state.js";
import { call, issue, label, ORG, repo, seed } from "./helpers.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    seed: seed([repo("pm", { labels: [label("bug", "d73a4a")], issues: [issue(1, { labels: ["bug"] })] })]),
  });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.violations.length = 0;
});

describe("requests are checked against GitHub's description", () => {
  it("catches an enum violation: state=bogus on issues", async () => {
    const reply = await call(sim.url, "GET", `/repos/${ORG}/pm/issues?state=bogus`);
    expect(reply.status).toBe(500);
    expect(reply.body.message).toMatch(
      /OpenAPI violation in GET \/repos\/\{owner\}\/\{repo\}\/issues request/,
    );
    expect(reply.body.message).toMatch(/state/);
    expect(sim.violations).toHaveLength(1);
    expect(sim.violations[0]).toBe(reply.body.message);
  });

  it("catches a misspelt body field (GitHub's schemas would let `newname` through) and changes nothing", async () => {
    const reply = await call(sim.url, "PATCH", `/repos/${ORG}/pm/labels/bug`, { body: { newname: "Bug" } });
    expect(reply.status).toBe(500);
    expect(reply.body.message).toMatch(/body field "newname"/);
    expect(sim.violations).toHaveLength(1);
    expect(findLabel(findRepo(sim.state, "pm")!, "bug")?.name).toBe("bug");
  });

  it("catches a wrongly typed body field and a wrongly typed query parameter", async () => {
    const color = await call(sim.url, "POST", `/repos/${ORG}/pm/labels`, {
      body: { name: "x", color: 123456 },
    });
    expect(color.status).toBe(500);
    expect(color.body.message).toMatch(/body\/color/);
    const perPage = await call(sim.url, "GET", `/repos/${ORG}/pm/labels?per_page=lots`);
    expect(perPage.status).toBe(500);
    expect(perPage.body.message).toMatch(/per_page/);
    expect(sim.violations).toHaveLength(2);
  });

  it("catches a query parameter the operation does not have (labels= misspelt as label=)", async () => {
    const reply = await call(sim.url, "GET", `/repos/${ORG}/pm/issues?label=bug`);
    expect(reply.status).toBe(500);
    expect(reply.body.message).toMatch(/query parameter label is not one GitHub knows/);
  });

  it("catches a missing required body (POST labels with no body)", async () => {
    const res = await fetch(`${sim.url}/repos/${ORG}/pm/labels`, {
      method: "POST",
      headers: { authorization: "token sim-test-token" },
    });
    expect(res.status).toBe(500);
    expect(sim.violations[0]).toMatch(/JSON body is required/);
  });

  it("flags an endpoint the simulator does not serve, so its 404 is not mistaken for GitHub's", async () => {
    const reply = await call(sim.url, "GET", `/repos/${ORG}/pm/pulls`);
    expect(reply.status).toBe(404);
    expect(sim.violations).toEqual([
      `GET /repos/${ORG}/pm/pulls is not an endpoint the simulator serves (answered 404)`,
    ]);
  });

  it("lets correct requests through untouched", async () => {
    const ok = await call(
      sim.url,
      "GET",
      `/repos/${ORG}/pm/issues?state=all&labels=bug&per_page=10&milestone=*`,
    );
    expect(ok.status).toBe(200);
    const add = await call(sim.url, "POST", `/repos/${ORG}/pm/issues/1/labels`, {
      body: { labels: ["bug"] },
    });
    expect(add.status).toBe(200);
    expect(sim.violations).toEqual([]);
  });

  it("can be switched off", async () => {
    const loose = await startSimulator({ seed: seed([repo("pm")]), validate: false });
    try {
      const reply = await call(loose.url, "GET", `/repos/${ORG}/pm/issues?state=bogus`);
      expect(reply.status).toBe(200);
      expect(loose.violations).toEqual([]);
    } finally {
      await loose.close();
    }
  });
});

describe("responses are checked against GitHub's description", () => {
  const validator = createOpenApiValidator();
  const goodLabel = {
    id: 1,
    node_id: "LA_x",
    url: "https://api.github.com/repos/o/r/labels/bug",
    name: "bug",
    color: "d73a4a",
    default: true,
    description: null,
  };

  it("accepts a well-formed label, including a null description (nullable rewritten for ajv)", () => {
    expect(validator.checkResponse("GET", "/repos/{owner}/{repo}/labels/{name}", 200, goodLabel)).toEqual([]);
  });

  it("rejects a label missing a required field or with a wrong type", () => {
    const { default: _omitted, ...noDefault } = goodLabel;
    const missing = validator.checkResponse("GET", "/repos/{owner}/{repo}/labels/{name}", 200, noDefault);
    expect(missing.join()).toMatch(/default/);
    const wrongType = validator.checkResponse("GET", "/repos/{owner}/{repo}/labels", 200, [
      { ...goodLabel, id: "1" },
    ]);
    expect(wrongType.join()).toMatch(/\/0\/id/);
  });

  it("rejects an undocumented success status and accepts an undocumented error status", () => {
    expect(
      validator.checkResponse("DELETE", "/repos/{owner}/{repo}/labels/{name}", 200, goodLabel),
    ).not.toEqual([]);
    expect(
      validator.checkResponse("GET", "/repos/{owner}/{repo}/labels", 401, { message: "Bad credentials" }),
    ).toEqual([]);
  });

  it("accepts what the simulator really answers for an issue with a null milestone", async () => {
    const reply = await call(sim.url, "GET", `/repos/${ORG}/pm/issues/1`);
    expect(reply.body.milestone).toBeNull();
    expect(
      validator.checkResponse("GET", "/repos/{owner}/{repo}/issues/{issue_number}", 200, reply.body),
    ).toEqual([]);
    // …and notices when one field of it is wrong ($ref schemas with nullable: anyOf with null).
    const broken = { ...reply.body, milestone: { title: "no number" } };
    expect(
      validator.checkResponse("GET", "/repos/{owner}/{repo}/issues/{issue_number}", 200, broken),
    ).not.toEqual([]);
  });
});

describe("the simulator's own answers are checked too", () => {
  it("answers 500 naming the field when its state would produce an answer GitHub never gives", async () => {
    const broken = await startSimulator({ seed: seed([repo("pm", { labels: [label("bug", "d73a4a")] })]) });
    try {
      // A state no REST write can produce: the colour is a number. The answer must not go out as is.
      const bug = findLabel(findRepo(broken.state, "pm")!, "bug")!;
      (bug as { color: unknown }).color = 123456;
      const reply = await call(broken.url, "GET", `/repos/${ORG}/pm/labels/bug`);
      expect(reply.status).toBe(500);
      expect(reply.body.message).toMatch(/response 200: response body\/color must be string/);
      expect(broken.violations).toHaveLength(1);
    } finally {
      await broken.close();
    }
  });
});

describe("the committed OpenAPI subset", () => {
  const paths = subset.paths as Record<string, Record<string, unknown>>;

  it("holds exactly the operations the simulator serves", () => {
    const served = ROUTES.map((r) => `${r.method} ${r.template}`).sort();
    const described = Object.entries(paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(described).toEqual(served);
  });

  it("stays small (prose stripped, only referenced schemas)", () => {
    expect(JSON.stringify(subset).length).toBeLessThan(400_000);
    expect(Object.keys(subset.components.schemas)).toContain("label");
    expect(Object.keys(subset.components.schemas)).not.toContain("workflow-run");
  });
});
