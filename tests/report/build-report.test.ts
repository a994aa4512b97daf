import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/report/build-report.js";
import type { IssueInput, ReportInput } from "../../src/report/model.js";
import { renderReportJson } from "../../src/report/render-json.js";
import { renderReportMarkdown } from "../../src/report/render-markdown.js";

const U = (lines: string) => `**Weekly Update**\n${lines}`;
const GOOD = "- _achieved_: a\n- _next_: b";
const url = (repo: string, n: number) => `https://github.com/acme-org/${repo}/issues/${n}`;

function issue(repo: string, number: number, labels: string[], comments: IssueInput["comments"]): IssueInput {
  return {
    repo,
    number,
    title: `${repo} ${number}`,
    url: url(repo, number),
    state: "open",
    labels,
    comments,
  };
}
function comment(author: string, body: string, createdAt: string) {
  return { author, body, createdAt, url: `https://c/${author}/${createdAt}` };
}

function input(issues: IssueInput[], extra: Partial<ReportInput> = {}): ReportInput {
  return {
    org: "acme-org",
    pmRepo: "pm",
    epicPrefix: "E:",
    since: new Date("2024-03-01T00:00:00Z"),
    until: new Date("2024-03-08T00:00:00Z"),
    milestones: [
      {
        number: 1,
        title: "Launch",
        url: "https://github.com/acme-org/pm/milestone/1",
        description: "Tracking: https://github.com/acme-org/pm/issues/10",
        dueOn: "2024-06-01T07:00:00Z",
        state: "open",
      },
      {
        number: 2,
        title: "Scale",
        url: "https://github.com/acme-org/pm/milestone/2",
        description: null,
        dueOn: null,
        state: "open",
      },
      {
        number: 3,
        title: "Old",
        url: "https://github.com/acme-org/pm/milestone/3",
        description: null,
        dueOn: "2023-01-01T00:00:00Z",
        state: "closed",
      },
    ],
    epics: [
      {
        number: 20,
        title: "[Epic] 1.10: Later",
        url: url("pm", 20),
        state: "open",
        labels: ["epic", "E:later"],
        milestone: 1,
      },
      {
        number: 21,
        title: "[Epic] 1.2: Sooner",
        url: url("pm", 21),
        state: "open",
        labels: ["epic", "E:sooner"],
        milestone: 1,
      },
      {
        number: 22,
        title: "[Epic] Orphan",
        url: url("pm", 22),
        state: "open",
        labels: ["epic", "E:orphan"],
        milestone: null,
      },
      {
        number: 23,
        title: "[Epic] Quiet",
        url: url("pm", 23),
        state: "open",
        labels: ["epic", "E:quiet"],
        milestone: 2,
      },
    ],
    trackingIssues: [
      {
        number: 10,
        title: "[Milestone] Launch",
        url: url("pm", 10),
        state: "open",
        labels: ["milestone"],
        milestone: 1,
      },
      {
        number: 11,
        title: "[Milestone]  scale",
        url: url("pm", 11),
        state: "open",
        labels: ["milestone"],
        milestone: 2,
      },
    ],
    issues,
    team: ["alice", "Bob", "carol"],
    ...extra,
  };
}

describe("buildReport", () => {
  const issues = [
    issue(
      "pm",
      10,
      ["milestone"],
      [comment("alice", U("- _achieved_: x\n- _next_: y\n- _risks_: z"), "2024-03-05T10:00:00Z")],
    ),
    issue("nwaku", 1, ["E:later", "bug"], [comment("bob", U(GOOD), "2024-03-02T10:00:00Z")]),
    issue(
      "nwaku",
      2,
      ["E:sooner"],
      [
        comment("alice", U("- _achieved_: second"), "2024-03-06T10:00:00Z"),
        comment("bob", U(GOOD), "2024-03-03T10:00:00Z"),
        comment("bob", "LGTM", "2024-03-04T10:00:00Z"),
        comment("bob", U("- _achieved_: too old"), "2024-02-28T10:00:00Z"),
        comment("bob", U("- _achieved_: too new"), "2024-03-08T00:00:00Z"),
      ],
    ),
    issue("js-waku", 3, ["E:orphan"], [comment("bob", U(GOOD), "2024-03-04T10:00:00Z")]),
    issue("pm", 21, ["epic", "E:sooner"], [comment("alice", U(GOOD), "2024-03-04T10:00:00Z")]),
    issue("go-waku", 4, ["enhancement", "bug"], [comment("bob", U(GOOD), "2024-03-04T10:00:00Z")]),
    issue("go-waku", 5, ["dependencies"], [comment("bob", U(GOOD), "2024-03-04T10:00:00Z")]),
    issue("go-waku", 6, [], [comment("bob", U(GOOD), "2024-03-04T10:00:00Z")]),
    issue("go-waku", 7, ["E:ghost"], [comment("bob", U(GOOD), "2024-03-04T10:00:00Z")]),
    issue("go-waku", 8, ["bug"], [comment("bob", "just chatting", "2024-03-04T10:00:00Z")]),
  ];
  const report = buildReport(input(issues));

  it("puts the tracking-issue update under its milestone and tasks under their epics, in plan order", () => {
    const launch = report.milestones[0];
    expect(launch?.title).toBe("Launch");
    expect(launch?.trackingIssue?.number).toBe(10);
    expect(launch?.updates[0]?.lines).toContain("- _risks_: z");
    expect(launch?.epics.map((e) => e.title)).toEqual(["1.2: Sooner", "1.10: Later"]);
    expect(launch?.epics[0]?.updates).toHaveLength(1);
    expect(launch?.epics[0]?.tasks.map((t) => `${t.repo}#${t.number}`)).toEqual(["nwaku#2"]);
    expect(launch?.epics[1]?.tasks.map((t) => `${t.repo}#${t.number}`)).toEqual(["nwaku#1"]);
  });

  it("keeps every in-window update of an issue, oldest first, and nothing outside the window", () => {
    const task = report.milestones[0]?.epics[0]?.tasks[0];
    expect(task?.updates.map((u) => u.author)).toEqual(["bob", "alice"]);
    expect(JSON.stringify(report)).not.toContain("too old");
    expect(JSON.stringify(report)).not.toContain("too new");
  });

  it("finds a tracking issue by title when the description does not link it", () => {
    expect(report.milestones[1]?.trackingIssue?.number).toBe(11);
  });

  it("hides quiet closed milestones and epics without updates", () => {
    expect(report.milestones.map((m) => m.number)).toEqual([1, 2]);
    expect(report.milestones[1]?.epics).toEqual([]);
  });

  it("lists orphan epics and other work by category, each update exactly once", () => {
    expect(report.orphanEpics.map((e) => e.number)).toEqual([22]);
    expect(report.other.map((s) => [s.title, s.tasks.map((t) => t.number)])).toEqual([
      ["Enhancements", [4]],
      ["Chores", [5]],
      ["Other", [6, 7]],
    ]);
    const all = JSON.stringify(report);
    expect(all.match(/https:\/\/c\/bob\/2024-03-02T10:00:00Z/g)).toHaveLength(1);
  });

  it("ticks exactly the team members who posted, ignoring case", () => {
    expect(report.team).toEqual([
      { login: "alice", posted: true },
      { login: "Bob", posted: true },
      { login: "carol", posted: false },
    ]);
  });

  it("warns about silent milestones, incomplete updates and unknown epic labels", () => {
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /open milestone "Scale" has no weekly update on its tracking issue acme-org\/pm#11/,
        ),
        expect.stringMatching(/@alice on acme-org\/nwaku#2 has no _next_ line/),
        expect.stringMatching(/acme-org\/go-waku#7 carries epic label "E:ghost"/),
      ]),
    );
    expect(report.warnings.filter((w) => w.includes("Launch"))).toEqual([]);
  });

  it("renders the markdown shape of the Waku reports", () => {
    const md = renderReportMarkdown(report);
    expect(
      md.startsWith(
        "# 2024-03-08 Acme weekly\n\n## [Launch](https://github.com/acme-org/pm/issues/10) - 2024-06-01\n- _achieved_: x\n",
      ),
    ).toBe(true);
    expect(md).toContain("### [1.2: Sooner](https://github.com/acme-org/pm/issues/21)\n- _achieved_: a");
    expect(md).toContain(
      "**[nwaku] [nwaku 1](https://github.com/acme-org/nwaku/issues/1)**\n- _achieved_: a\n- _next_: b",
    );
    expect(md).toContain(
      "(https://github.com/acme-org/nwaku/issues/2)**\n\n_@bob, 2024-03-03:_\n- _achieved_: a\n- _next_: b\n\n_@alice, 2024-03-06:_\n- _achieved_: second",
    );
    expect(md).toContain("## Epics without a milestone\n\n### [Orphan]");
    expect(md).toContain("## Other Work\n\n### Enhancements\n\n**[go-waku] [go-waku 4]");
    expect(md.endsWith("## Team\n- [x] @alice\n- [x] @Bob\n- [ ] @carol\n")).toBe(true);
    expect(md).not.toContain("just chatting");
  });

  it("renders JSON with the documented keys", () => {
    const json = JSON.parse(renderReportJson(report));
    expect(Object.keys(json)).toEqual([
      "version",
      "org",
      "since",
      "until",
      "milestones",
      "orphan_epics",
      "other",
      "team",
      "warnings",
    ]);
    expect(json.milestones[0].epics[0].tasks[0]).toMatchObject({ repo: "acme-org/nwaku", number: 2 });
    expect(json.milestones[0].epics[0].tasks[0].updates[0]).toEqual({
      author: "bob",
      created_at: "2024-03-03T10:00:00Z",
      url: "https://c/bob/2024-03-03T10:00:00Z",
      lines: ["- _achieved_: a", "- _next_: b"],
    });
  });
});

describe("weekly updates on pull requests", () => {
  it("are left out of the report, said in a warning naming the pull request and its author, and noted in the checklist", () => {
    const pr = {
      ...issue("js-waku", 77, ["E:sooner"], [comment("carol", U(GOOD), "2024-03-04T10:00:00Z")]),
      pullRequest: true,
    };
    const task = issue("nwaku", 2, ["E:sooner"], [comment("bob", U(GOOD), "2024-03-03T10:00:00Z")]);
    const report = buildReport(input([pr, task]));
    const json = JSON.stringify(report);
    expect(json).toContain("nwaku");
    expect(
      report.milestones
        .flatMap((m) => m.epics)
        .flatMap((e) => e.tasks)
        .map((t) => t.number),
    ).toEqual([2]);
    expect(report.warnings).toContain(
      "weekly update on a pull request, not counted: acme-org/js-waku#77 by @carol (https://c/carol/2024-03-04T10:00:00Z); post it on the task issue",
    );
    const carol = report.team.find((m) => m.login === "carol");
    expect(carol).toEqual({ login: "carol", posted: false, onPullRequestsOnly: ["acme-org/js-waku#77"] });
    expect(renderReportMarkdown(report)).toContain(
      "- [ ] @carol (posted on a pull request only, not counted: acme-org/js-waku\\#77)",
    );
    expect(JSON.parse(renderReportJson(report)).team).toContainEqual({
      login: "carol",
      posted: false,
      on_pull_requests_only: ["acme-org/js-waku#77"],
    });
  });
});
