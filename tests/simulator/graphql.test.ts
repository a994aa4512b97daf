import { beforeAll, describe, expect, it } from "vitest";
import { demoSeed } from "../../src/simulator/demo-seed.js";
import { handleGraphql } from "../../src/simulator/graphql.js";
import { loadGithubSchema } from "../../src/simulator/graphql-schema.js";
import type { Seed, SeedIssue } from "../../src/simulator/seed.js";
import { createState, type SimState } from "../../src/simulator/state.js";

interface Answer {
  // biome-ignore lint/suspicious/noExplicitAny: answers are compared by value; their shape is the query's
  data?: Record<string, any> | null;
  errors?: { type?: string; message: string; path?: (string | number)[] }[];
}

async function run(state: SimState, query: string, variables?: Record<string, unknown>) {
  const answer = await handleGraphql(state, { query, ...(variables ? { variables } : {}) });
  return { status: answer.status, cost: answer.cost, body: answer.body as Answer };
}

const NOW = new Date("2023-11-27T09:00:00Z");
const demo = createState(demoSeed({ now: NOW }));
const BIG = "E:2.1: Production testing of existing protocols";

const issue = (number: number, labels: string[], extra: Partial<SeedIssue> = {}): SeedIssue => ({
  number,
  title: `item ${number}`,
  state: "open",
  labels,
  created_at: `2023-11-${String(number).padStart(2, "0")}T10:00:00Z`,
  updated_at: `2023-11-${String(number).padStart(2, "0")}T10:00:00Z`,
  ...extra,
});

const small: Seed = {
  org: "acme",
  tokens: ["t"],
  repos: [
    {
      name: "app",
      labels: [
        { name: "Alpha", color: "ff0000" },
        { name: "beta", color: "00ff00", description: "the second" },
        { name: "gamma", color: "0000ff" },
      ],
      milestones: [
        { number: 1, title: "One", state: "open", due_on: "2024-01-01T00:00:00Z" },
        { number: 2, title: "Two", state: "closed" },
      ],
      issues: [
        issue(1, ["Alpha"], { milestone: 1, assignees: ["ann"], user: "ann" }),
        issue(2, ["beta"]),
        issue(3, ["Alpha", "beta"], { state: "closed", closed_at: "2023-11-20T00:00:00Z" }),
        issue(4, ["gamma"]),
        issue(5, ["alpha"], { pull_request: true, user: "dependabot[bot]" }),
        issue(6, [], {
          comments: [
            { user: "ann", body: "first", created_at: "2023-11-06T11:00:00Z" },
            { user: "bob", body: "second", created_at: "2023-11-06T12:00:00Z" },
            { user: "ann", body: "third", created_at: "2023-11-06T13:00:00Z" },
          ],
        }),
      ],
    },
    { name: "lib", labels: [{ name: "alpha", color: "ff0000" }], issues: [issue(1, ["alpha"])] },
    { name: "old", archived: true, labels: [] },
    { name: "forked", fork: true, labels: [] },
  ],
};

beforeAll(() => {
  loadGithubSchema();
});

describe("GraphQL: connections and pagination", () => {
  it("pages through more than 100 issues with cursors, forwards and backwards", async () => {
    const query = `query($after: String) { repository(owner: "waku-org", name: "nwaku") {
      issues(first: 40, after: $after, labels: [${JSON.stringify(BIG)}], states: [OPEN, CLOSED]) {
        totalCount pageInfo { hasNextPage endCursor } nodes { number } } } }`;
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    let total = 0;
    do {
      const { body } = await run(demo, query, { after });
      const conn = body.data?.repository.issues;
      total = conn.totalCount;
      seen.push(...conn.nodes.map((n: { number: number }) => n.number));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      pages++;
    } while (after);
    const nwaku = demo.repos.find((r) => r.name === "nwaku")!;
    const bigLabel = nwaku.labels.find((l) => l.name === BIG)!;
    const expected = nwaku.issues
      .filter((i) => !i.pull_request && i.labelIds.includes(bigLabel.id))
      .map((i) => i.number);
    expect(total).toBeGreaterThan(100);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(total / 40));

    const back = await run(
      demo,
      `{ repository(owner: "waku-org", name: "nwaku") { issues(last: 5, labels: [${JSON.stringify(BIG)}]) {
        pageInfo { hasPreviousPage hasNextPage startCursor } nodes { number } } } }`,
    );
    const lastPage = back.body.data?.repository.issues;
    expect(lastPage.nodes.map((n: { number: number }) => n.number)).toEqual(expected.slice(-5));
    expect(lastPage.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await run(
      demo,
      `query($c: String) { repository(owner: "waku-org", name: "nwaku") { issues(last: 5, before: $c, labels: [${JSON.stringify(BIG)}]) { nodes { number } } } }`,
      { c: lastPage.pageInfo.startCursor },
    );
    expect(before.body.data?.repository.issues.nodes.map((n: { number: number }) => n.number)).toEqual(
      expected.slice(-10, -5),
    );
  });

  it("serves edges with cursors that continue where the page ended", async () => {
    const state = createState(small);
    const first = await run(
      state,
      `{ repository(owner: "acme", name: "app") { issues(first: 2) { edges { cursor node { number } } } } }`,
    );
    const edges = first.body.data?.repository.issues.edges;
    expect(edges.map((e: { node: { number: number } }) => e.node.number)).toEqual([1, 2]);
    const next = await run(
      state,
      `query($c: String) { repository(owner: "acme", name: "app") { issues(first: 2, after: $c) { nodes { number } } } }`,
      {
        c: edges[1].cursor,
      },
    );
    expect(next.body.data?.repository.issues.nodes).toEqual([{ number: 3 }, { number: 4 }]);
  });

  it("refuses a cursor it did not issue", async () => {
    const { body } = await run(
      createState(small),
      `{ repository(owner: "acme", name: "app") { issues(first: 2, after: "bogus") { totalCount } } }`,
    );
    expect(body.errors?.[0]?.type).toBe("INVALID_CURSOR_ARGUMENTS");
  });
});

describe("GraphQL: issue filters", () => {
  const state = createState(small);
  const numbers = async (args: string, field = "issues") => {
    const { body } = await run(
      state,
      `{ repository(owner: "acme", name: "app") { ${field}(first: 100, ${args}) { totalCount nodes { number } } } }`,
    );
    expect(body.errors).toBeUndefined();
    return body.data?.repository[field].nodes.map((n: { number: number }) => n.number);
  };

  it("treats `labels` as OR, ignoring case, and keeps pull requests out of `issues`", async () => {
    expect(await numbers(`labels: ["ALPHA", "Beta"]`)).toEqual([1, 2, 3]);
    expect(await numbers(`labels: ["gamma"]`)).toEqual([4]);
    expect(await numbers(`labels: ["alpha"]`, "pullRequests")).toEqual([5]);
    expect(await numbers(`labels: ["no-such-label"]`)).toEqual([]);
  });

  it("filters by state, filterBy.labels / states / milestoneNumber / assignee", async () => {
    expect(await numbers(`states: [CLOSED]`)).toEqual([3]);
    expect(await numbers(`filterBy: { labels: ["alpha", "gamma"], states: [OPEN] }`)).toEqual([1, 4]);
    expect(await numbers(`filterBy: { milestoneNumber: "1" }`)).toEqual([1]);
    expect(await numbers(`filterBy: { milestoneNumber: "*" }`)).toEqual([1]);
    expect(await numbers(`filterBy: { assignee: "ANN" }`)).toEqual([1]);
  });

  it("keeps issues updated at or after filterBy.since", async () => {
    expect(await numbers(`filterBy: { since: "2023-11-03T10:00:00Z" }`)).toEqual([3, 4, 6]);
    expect(await numbers(`filterBy: { since: "2023-11-03T10:00:01Z" }`)).toEqual([4, 6]);
  });

  it("orders by the requested field and direction", async () => {
    expect(await numbers(`orderBy: { field: CREATED_AT, direction: DESC }`)).toEqual([6, 4, 3, 2, 1]);
    expect(await numbers(`orderBy: { field: COMMENTS, direction: DESC }`)).toEqual([6, 1, 2, 3, 4]);
  });
});

describe("GraphQL: objects", () => {
  const state = createState(small);

  it("resolves issue, pull request and comment fields like GitHub", async () => {
    const { body } = await run(
      state,
      `{ repository(owner: "acme", name: "app") {
        nameWithOwner isArchived isFork url
        issue(number: 1) { id number title url state closed author { login } assignees(first: 5) { nodes { login } }
          labels(first: 5) { totalCount nodes { name color } } milestone { number title } repository { name nameWithOwner } }
        closed: issue(number: 3) { state closed closedAt }
        pullRequest(number: 5) { url state author { __typename login } }
        withComments: issue(number: 6) { comments(last: 2) { totalCount pageInfo { hasPreviousPage } nodes { body author { login } url } } }
      } }`,
    );
    expect(body.errors).toBeUndefined();
    const repo = body.data?.repository;
    expect(repo).toMatchObject({
      nameWithOwner: "acme/app",
      isArchived: false,
      isFork: false,
      url: "https://github.com/acme/app",
    });
    expect(repo.issue).toMatchObject({
      number: 1,
      url: "https://github.com/acme/app/issues/1",
      state: "OPEN",
      closed: false,
      author: { login: "ann" },
      assignees: { nodes: [{ login: "ann" }] },
      labels: { totalCount: 1, nodes: [{ name: "Alpha", color: "ff0000" }] },
      milestone: { number: 1, title: "One" },
      repository: { name: "app", nameWithOwner: "acme/app" },
    });
    expect(repo.closed).toEqual({ state: "CLOSED", closed: true, closedAt: "2023-11-20T00:00:00Z" });
    // GitHub Apps are Bots in GraphQL, and their login drops the `[bot]` of REST.
    expect(repo.pullRequest).toEqual({
      url: "https://github.com/acme/app/pull/5",
      state: "OPEN",
      author: { __typename: "Bot", login: "dependabot" },
    });
    expect(repo.withComments.comments.totalCount).toBe(3);
    expect(repo.withComments.comments.pageInfo.hasPreviousPage).toBe(true);
    expect(repo.withComments.comments.nodes.map((c: { body: string }) => c.body)).toEqual([
      "second",
      "third",
    ]);
    expect(repo.withComments.comments.nodes[0].url).toMatch(
      /^https:\/\/github\.com\/acme\/app\/issues\/6#issuecomment-\d+$/,
    );
  });

  it("lists labels (with a query), milestones by state and order, and one milestone", async () => {
    const { body } = await run(
      state,
      `{ repository(owner: "acme", name: "app") {
        labels(first: 10) { totalCount nodes { name description } }
        matching: labels(first: 10, query: "ALP") { nodes { name } }
        open: milestones(first: 10, states: [OPEN]) { nodes { number title state dueOn url } }
        all: milestones(first: 10, orderBy: { field: NUMBER, direction: DESC }) { nodes { number } }
        milestone(number: 2) { title state closed dueOn }
      } }`,
    );
    expect(body.errors).toBeUndefined();
    const repo = body.data?.repository;
    expect(repo.labels.totalCount).toBe(3);
    expect(repo.labels.nodes[1]).toEqual({ name: "beta", description: "the second" });
    expect(repo.labels.nodes[0]).toEqual({ name: "Alpha", description: null });
    expect(repo.matching.nodes).toEqual([{ name: "Alpha" }]);
    expect(repo.open.nodes).toEqual([
      {
        number: 1,
        title: "One",
        state: "OPEN",
        dueOn: "2024-01-01T00:00:00Z",
        url: "https://github.com/acme/app/milestone/1",
      },
    ]);
    expect(repo.all.nodes).toEqual([{ number: 2 }, { number: 1 }]);
    expect(repo.milestone).toEqual({ title: "Two", state: "CLOSED", closed: true, dueOn: null });
  });

  it("lists the organisation's repositories with isFork/isArchived filters and name order", async () => {
    const { body } = await run(
      state,
      `{ organization(login: "ACME") {
        all: repositories(first: 10, orderBy: { field: NAME, direction: ASC }) { totalCount nodes { name isArchived isFork } }
        sources: repositories(first: 10, isFork: false, isArchived: false) { nodes { name } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.organization.all.nodes.map((r: { name: string }) => r.name)).toEqual([
      "app",
      "forked",
      "lib",
      "old",
    ]);
    expect(body.data?.organization.all.nodes[3]).toEqual({ name: "old", isArchived: true, isFork: false });
    expect(body.data?.organization.sources.nodes).toEqual([{ name: "app" }, { name: "lib" }]);
  });

  it("answers aliases across many repositories in one document", async () => {
    const names = demo.repos.map((r) => r.name);
    const parts = names.map(
      (name, i) =>
        `r${i}: repository(owner: "waku-org", name: ${JSON.stringify(name)}) { name issues(first: 1, states: [OPEN, CLOSED]) { totalCount } pullRequests(first: 1) { totalCount } }`,
    );
    const { body, cost } = await run(demo, `{ ${parts.join("\n")} }`);
    expect(body.errors).toBeUndefined();
    expect(names.length).toBeGreaterThanOrEqual(20);
    names.forEach((name, i) => {
      const repo = demo.repos.find((r) => r.name === name)!;
      expect(body.data?.[`r${i}`]).toEqual({
        name,
        issues: { totalCount: repo.issues.filter((x) => !x.pull_request).length },
        pullRequests: { totalCount: repo.issues.filter((x) => x.pull_request).length },
      });
    });
    expect(cost).toBe(1);
  });

  it("resolves node(id:) to the concrete type behind the Node interface", async () => {
    const app = state.repos.find((r) => r.name === "app")!;
    const ids = [app.issues[0]!.node_id, app.issues[4]!.node_id, app.labels[1]!.node_id];
    const { body } = await run(
      state,
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Issue { number } ... on PullRequest { number } ... on Label { name } } }`,
      { ids },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.nodes).toEqual([
      { __typename: "Issue", number: 1 },
      { __typename: "PullRequest", number: 5 },
      { __typename: "Label", name: "beta" },
    ]);
    const missing = await run(state, `{ node(id: "nope") { id } }`);
    expect(missing.body.data?.node).toBeNull();
    expect(missing.body.errors?.[0]?.type).toBe("NOT_FOUND");
  });

  it("reports a missing repository as NOT_FOUND next to the data it could answer", async () => {
    const { status, body } = await run(
      state,
      `{ a: repository(owner: "acme", name: "app") { name } b: repository(owner: "acme", name: "nope") { name } c: repository(owner: "other", name: "app") { name } }`,
    );
    expect(status).toBe(200);
    expect(body.data).toEqual({ a: { name: "app" }, b: null, c: null });
    expect(body.errors?.map((e) => [e.type, e.path, e.message])).toEqual([
      ["NOT_FOUND", ["b"], "Could not resolve to a Repository with the name 'acme/nope'."],
      ["NOT_FOUND", ["c"], "Could not resolve to a Repository with the name 'other/app'."],
    ]);
  });

  it("names a schema field the simulator does not model instead of answering null", async () => {
    const { body } = await run(
      state,
      `{ repository(owner: "acme", name: "app") { issue(number: 1) { number viewerCanUpdate } } }`,
    );
    expect(body.errors?.[0]?.message).toContain(
      "'viewerCanUpdate' on type 'Issue' is not supported by the GitHub simulator",
    );
    expect(body.errors?.[0]?.path).toEqual(["repository", "issue", "viewerCanUpdate"]);
  });
});

describe("GraphQL: GitHub's static checks", () => {
  const state = createState(small);

  it("rejects a field the schema does not have, naming it", async () => {
    const { status, body, cost } = await run(
      state,
      `{ repository(owner: "acme", name: "app") { name colour } }`,
    );
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.message).toBe("Field 'colour' doesn't exist on type 'Repository'");
    expect(cost).toBe(1);
  });

  it("rejects a document that does not parse, and a body without a query", async () => {
    const broken = await run(state, `{ repository(owner: "acme" { name } }`);
    expect(broken.body.errors?.[0]?.message).toMatch(/Syntax Error/);
    const empty = await handleGraphql(state, { variables: {} });
    expect((empty.body as Answer).errors?.[0]?.message).toBe(
      "A query attribute must be specified and must be a string.",
    );
  });

  it("requires `first` or `last` on every connection", async () => {
    const { body } = await run(
      state,
      `{ repository(owner: "acme", name: "app") { issues(first: 5) { nodes { labels { totalCount } } } } }`,
    );
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]).toMatchObject({
      type: "MISSING_PAGINATION_BOUNDARIES",
      message: "You must provide a `first` or `last` value to properly paginate the `labels` connection.",
      path: ["query", "repository", "issues", "nodes", "labels"],
    });
  });

  it("refuses more than 100 records per page, also through variables", async () => {
    const { body } = await run(
      state,
      `query($n: Int) { repository(owner: "acme", name: "app") { issues(first: $n) { totalCount } } }`,
      {
        n: 101,
      },
    );
    expect(body.errors?.[0]).toMatchObject({
      type: "EXCESSIVE_PAGINATION",
      message: "Requesting 101 records on the `issues` connection exceeds the `first` limit of 100 records.",
    });
    const last = await run(
      state,
      `{ repository(owner: "acme", name: "app") { issues(last: 500) { totalCount } } }`,
    );
    expect(last.body.errors?.[0]?.message).toContain("exceeds the `last` limit of 100 records");
    const ok = await run(
      state,
      `query($n: Int) { repository(owner: "acme", name: "app") { issues(first: $n) { totalCount } } }`,
      { n: 100 },
    );
    expect(ok.body.errors).toBeUndefined();
  });

  it("refuses a document that may touch more than 500,000 nodes", async () => {
    const { body } = await run(
      state,
      `{ organization(login: "acme") { repositories(first: 100) { nodes { issues(first: 100) { nodes { labels(first: 51) { nodes { name } } } } } } } }`,
    );
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.type).toBe("MAX_NODE_LIMIT_EXCEEDED");
    expect(body.errors?.[0]?.message).toContain("requesting up to 520,100 possible nodes");
    const under = await run(
      state,
      `{ organization(login: "acme") { repositories(first: 100) { nodes { issues(first: 100) { nodes { labels(first: 48) { nodes { name } } } } } } } }`,
    );
    expect(under.body.errors).toBeUndefined();
  });

  it("charges like GitHub: connection requests / 100, at least 1, reported by rateLimit", async () => {
    const cases: [string, number, number][] = [
      [`repository(owner: "acme", name: "app") { name }`, 1, 0],
      [
        `repository(owner: "acme", name: "app") { issues(first: 50) { nodes { labels(first: 60) { totalCount } } } }`,
        1,
        50 + 50 * 60,
      ],
      [
        `organization(login: "acme") { repositories(first: 100) { nodes { issues(first: 100) { nodes { labels(first: 10) { totalCount } } } } } }`,
        101,
        100 + 100 * 100 + 100 * 100 * 10,
      ],
      [
        `organization(login: "acme") { repositories(first: 100) { nodes { a: issues(first: 100) { totalCount } b: pullRequests(first: 100) { totalCount } } } }`,
        2,
        100 + 100 * 100 * 2,
      ],
    ];
    for (const [selection, cost, nodes] of cases) {
      const answer = await handleGraphql(
        state,
        { query: `{ ${selection} rateLimit { cost nodeCount limit remaining used } }` },
        {
          rateLimit: { limit: 5000, remaining: 4000, used: 1000, reset: 1_700_000_000 },
        },
      );
      const body = answer.body as Answer;
      expect(body.errors, selection).toBeUndefined();
      expect(answer.cost, selection).toBe(cost);
      expect(body.data?.rateLimit).toEqual({
        cost,
        nodeCount: nodes,
        limit: 5000,
        remaining: 4000 - cost,
        used: 1000 + cost,
      });
    }
  });
});

describe("GraphQL: search", () => {
  it("finds issues and pull requests by org, type, OR-ed labels and updated date, resolving union types", async () => {
    const state = createState(small);
    const search = async (q: string) => {
      const { body } = await run(
        state,
        `query($q: String!) { search(query: $q, type: ISSUE, first: 50) { issueCount nodes { __typename ... on Issue { number repository { name } } ... on PullRequest { number repository { name } } } } }`,
        { q },
      );
      expect(body.errors).toBeUndefined();
      return body.data?.search;
    };
    const both = await search(`org:acme label:"ALPHA","beta"`);
    expect(both.issueCount).toBe(5);
    expect(both.nodes.filter((n: { __typename: string }) => n.__typename === "PullRequest")).toEqual([
      { __typename: "PullRequest", number: 5, repository: { name: "app" } },
    ]);
    expect((await search(`org:acme is:issue label:alpha label:beta`)).nodes).toEqual([
      { __typename: "Issue", number: 3, repository: { name: "app" } },
    ]);
    expect((await search(`repo:acme/lib is:issue`)).issueCount).toBe(1);
    expect((await search(`org:acme is:pr is:open`)).issueCount).toBe(1);
    expect((await search(`org:acme is:issue is:closed`)).issueCount).toBe(1);
    expect(
      (await search(`org:acme is:issue updated:>=2023-11-04`)).nodes.map((n: { number: number }) => n.number),
    ).toEqual([6, 4]);
    expect((await search(`org:someone-else is:issue`)).issueCount).toBe(0);
  });

  it("understands quoted label names with colons, exclusions and date ranges", async () => {
    const count = async (q: string) => {
      const { body } = await run(
        demo,
        `query($q: String!) { search(query: $q, type: ISSUE, first: 1) { issueCount } }`,
        { q },
      );
      expect(body.errors).toBeUndefined();
      // A count of zero would agree with a filter that matches nothing.
      expect(body.data?.search.issueCount, q).toBeGreaterThan(0);
      return body.data?.search.issueCount as number;
    };
    const truth = (keep: (i: SimState["repos"][number]["issues"][number], names: string[]) => boolean) =>
      demo.repos.reduce((sum, repo) => {
        const names = (i: (typeof repo.issues)[number]) =>
          i.labelIds.map((id) => repo.labels.find((l) => l.id === id)?.name.toLowerCase() ?? "");
        return sum + repo.issues.filter((i) => keep(i, names(i))).length;
      }, 0);
    const autosharding = "e:1.2: autosharding for autoscaling";
    expect(await count(`org:waku-org label:"E:1.2: Autosharding for autoscaling"`)).toBe(
      truth((_, n) => n.includes(autosharding)),
    );
    expect(await count(`org:waku-org is:issue label:"E:1.2: Autosharding for autoscaling" -label:bug`)).toBe(
      truth((i, n) => !i.pull_request && n.includes(autosharding) && !n.includes("bug")),
    );
    const from = Date.parse("2023-11-01T00:00:00Z");
    const to = Date.parse("2023-11-10T23:59:59Z");
    expect(await count(`org:waku-org is:issue updated:2023-11-01..2023-11-10`)).toBe(
      truth((i) => !i.pull_request && Date.parse(i.updated_at) >= from && Date.parse(i.updated_at) <= to),
    );
    expect(await count(`org:waku-org is:pr is:closed`)).toBe(
      truth((i) => i.pull_request && i.state === "closed"),
    );
  });

  it("counts every match but serves at most 1,000", async () => {
    const many: Seed = {
      org: "big",
      tokens: ["t"],
      repos: [
        {
          name: "r",
          labels: [{ name: "x", color: "ffffff" }],
          issues: Array.from({ length: 1050 }, (_, i) => ({
            number: i + 1,
            title: `t${i}`,
            state: "open" as const,
            labels: ["x"],
          })),
        },
      ],
    };
    const state = createState(many);
    const page = `query($c: String) { search(query: "org:big is:issue label:x", type: ISSUE, first: 100, after: $c) { issueCount pageInfo { hasNextPage endCursor } nodes { ... on Issue { number } } } }`;
    let cursor: string | null = null;
    let served = 0;
    let count = 0;
    do {
      const { body } = await run(state, page, { c: cursor });
      const s = body.data?.search;
      count = s.issueCount;
      served += s.nodes.length;
      cursor = s.pageInfo.hasNextPage ? s.pageInfo.endCursor : null;
    } while (cursor);
    expect(count).toBe(1050);
    expect(served).toBe(1000);
  });
});
