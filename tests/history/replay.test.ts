/**
 * The history rules over a seeded log with known answers: every number below is worked out by hand
 * from the events, never from the engine.
 */
import { describe, expect, it } from "vitest";
import type { EventLog, ItemNow, WorkEvent } from "../../src/history/events.js";
import { countStatuses, milestoneTasks, Replay } from "../../src/history/replay.js";
import { endOfDay, milestoneSeries, pointDates } from "../../src/history/series.js";
import { LabelMembership, SubIssueMembership } from "../../src/model/epics.js";

const PM = "o/pm";
const at = (day: number, hour = 10) =>
  `2023-09-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`;
const ref = (repo: string, number: number) => ({ repo: `o/${repo}`, number });

function item(repo: string, number: number, extra: Partial<ItemNow> = {}): ItemNow {
  return {
    ...ref(repo, number),
    title: `${repo}#${number}`,
    url: `https://github.com/o/${repo}/issues/${number}`,
    pullRequest: false,
    createdAt: at(1, 0),
    state: "open",
    stateReason: null,
    labels: [],
    parent: null,
    milestone: null,
    ...extra,
  };
}

const label = (
  kind: "labeled" | "unlabeled",
  repo: string,
  n: number,
  name: string,
  day: number,
): WorkEvent => ({
  kind,
  at: at(day),
  item: ref(repo, n),
  label: name,
});

/**
 * Milestone 1 "Gen 0" holds epic 10 (E:alpha, once called E:old-alpha) all month; epic 11 (E:beta)
 * moves from milestone 2 "Scale" into Gen 0 on day 15.
 * - nwaku#1: labelled E:old-alpha day 2 (the label's old name), closed day 5, reopened day 8, closed day 12.
 * - nwaku#2: labelled E:alpha day 3, unlabelled day 9 (scope removed).
 * - js-waku#3: labelled E:alpha day 4, closed as not planned day 10.
 * - go-waku#4: labelled E:beta day 6, closed day 7.
 * - go-waku#5: created day 20 with E:alpha.
 */
function log(): EventLog {
  return {
    from: at(1, 0),
    items: [
      item("pm", 10, { labels: ["epic", "E:alpha"], milestone: "Gen 0" }),
      item("pm", 11, { labels: ["epic", "E:beta"], milestone: "Gen 0" }),
      item("nwaku", 1, { labels: ["E:alpha"], state: "closed", stateReason: "completed" }),
      item("nwaku", 2, { labels: [] }),
      item("js-waku", 3, { labels: ["E:alpha"], state: "closed", stateReason: "not_planned" }),
      item("go-waku", 4, { labels: ["E:beta"], state: "closed", stateReason: "completed" }),
      item("go-waku", 5, { labels: ["E:alpha"], createdAt: at(20, 9) }),
    ],
    events: [
      { kind: "milestoned", at: at(1, 1), item: ref("pm", 10), milestone: "Gen 0" },
      { kind: "milestoned", at: at(1, 1), item: ref("pm", 11), milestone: "Scale" },
      label("labeled", "nwaku", 1, "E:old-alpha", 2),
      { kind: "closed", at: at(5), item: ref("nwaku", 1), reason: "completed" },
      { kind: "reopened", at: at(8), item: ref("nwaku", 1) },
      { kind: "closed", at: at(12), item: ref("nwaku", 1), reason: "completed" },
      label("labeled", "nwaku", 2, "E:alpha", 3),
      label("unlabeled", "nwaku", 2, "E:alpha", 9),
      label("labeled", "js-waku", 3, "E:alpha", 4),
      { kind: "closed", at: at(10), item: ref("js-waku", 3), reason: "not_planned" },
      label("labeled", "go-waku", 4, "E:beta", 6),
      { kind: "closed", at: at(7), item: ref("go-waku", 4), reason: "completed" },
      { kind: "demilestoned", at: at(15), item: ref("pm", 11), milestone: "Scale" },
      { kind: "milestoned", at: at(15), item: ref("pm", 11), milestone: "Gen 0" },
      label("labeled", "go-waku", 5, "E:alpha", 20),
    ],
  };
}

function replay(): Replay {
  return new Replay(log(), {
    pmRepo: PM,
    epicPrefix: "E:",
    membership: new LabelMembership(PM, "E:"),
    epics: [
      { number: 10, labels: ["epic", "E:alpha"] },
      { number: 11, labels: ["epic", "E:beta"] },
    ],
    milestones: [
      { number: 1, title: "Gen 0" },
      { number: 2, title: "Scale" },
    ],
    aliases: new Map([["e:old-alpha", "e:alpha"]]),
  });
}

const gen0 = (day: number) =>
  countStatuses(milestoneTasks(replay().at(endOfDay(`2023-09-${String(day).padStart(2, "0")}`)), 1));

describe("the state of a milestone at the end of a day", () => {
  it("follows a task labelled (under the label's old name), closed, reopened and closed again", () => {
    expect(gen0(1)).toEqual({ scope: 0, closed: 0, open: 0, not_planned: 0 });
    expect(gen0(2)).toEqual({ scope: 1, closed: 0, open: 1, not_planned: 0 });
    expect(gen0(5)).toEqual({ scope: 3, closed: 1, open: 2, not_planned: 0 });
    expect(gen0(8)).toEqual({ scope: 3, closed: 0, open: 3, not_planned: 0 });
    expect(gen0(12)).toEqual({ scope: 1, closed: 1, open: 0, not_planned: 1 });
  });

  it("drops a task whose label was removed, and a not-planned close leaves the scope", () => {
    expect(gen0(9)).toEqual({ scope: 2, closed: 0, open: 2, not_planned: 0 });
    expect(gen0(10)).toEqual({ scope: 1, closed: 0, open: 1, not_planned: 1 });
  });

  it("brings an epic's tasks along on the day the epic moves into the milestone", () => {
    const scale = (day: number) => countStatuses(milestoneTasks(replay().at(endOfDay(`2023-09-${day}`)), 2));
    expect(scale(14)).toEqual({ scope: 1, closed: 1, open: 0, not_planned: 0 });
    expect(gen0(14)).toEqual({ scope: 1, closed: 1, open: 0, not_planned: 1 });
    expect(scale(15)).toEqual({ scope: 0, closed: 0, open: 0, not_planned: 0 });
    expect(gen0(15)).toEqual({ scope: 2, closed: 2, open: 0, not_planned: 1 });
  });

  it("counts a task only once it exists, and the present equals the state now", () => {
    expect(gen0(19)).toEqual({ scope: 2, closed: 2, open: 0, not_planned: 1 });
    expect(gen0(20)).toEqual({ scope: 3, closed: 2, open: 1, not_planned: 1 });
    const now = countStatuses(milestoneTasks(replay().at(Date.parse("2030-01-01T00:00:00Z")), 1));
    expect(now).toEqual(gen0(20));
  });
});

describe("milestoneSeries", () => {
  it("puts a point every week from since, the last on until, with what changed since the previous one", () => {
    expect(pointDates("2023-09-01", "2023-09-20", "week")).toEqual([
      "2023-09-01",
      "2023-09-08",
      "2023-09-15",
      "2023-09-20",
    ]);
    const s = milestoneSeries(replay(), 1, { since: "2023-09-01", until: "2023-09-20", interval: "week" });
    expect(s.series).toEqual([
      {
        date: "2023-09-01",
        scope: 0,
        closed: 0,
        open: 0,
        added: 0,
        removed: 0,
        closed_in_period: 0,
        reopened: 0,
        not_planned: 0,
      },
      // Days 2–8: nwaku#1, nwaku#2, js-waku#3 join; nwaku#1 closes on 5 and reopens on 8.
      {
        date: "2023-09-08",
        scope: 3,
        closed: 0,
        open: 3,
        added: 3,
        removed: 0,
        closed_in_period: 0,
        reopened: 0,
        not_planned: 0,
      },
      // Days 9–15: nwaku#2 leaves, js-waku#3 not planned, nwaku#1 closed; epic 11 brings go-waku#4 (closed).
      {
        date: "2023-09-15",
        scope: 2,
        closed: 2,
        open: 0,
        added: 1,
        removed: 1,
        closed_in_period: 2,
        reopened: 0,
        not_planned: 1,
      },
      {
        date: "2023-09-20",
        scope: 3,
        closed: 2,
        open: 1,
        added: 1,
        removed: 0,
        closed_in_period: 0,
        reopened: 0,
        not_planned: 0,
      },
    ]);
    const epic10 = s.epics.find((e) => e.number === 10)?.series.map((p) => p.scope);
    const epic11 = s.epics.find((e) => e.number === 11)?.series.map((p) => p.scope);
    expect(epic10).toEqual([0, 3, 1, 2]);
    // An epic's own series is its own tasks, whichever milestone it was in.
    expect(epic11).toEqual([0, 1, 1, 1]);
  });

  it("lists each change once, with its kind, task and epic", () => {
    const s = milestoneSeries(replay(), 1, { since: "2023-09-01", until: "2023-09-20", interval: "week" });
    expect(
      s.changes.map((c) => `${c.at.slice(8, 10)} ${c.kind} ${c.repo.slice(2)}#${c.number} e${c.epic}`),
    ).toEqual([
      "02 added nwaku#1 e10",
      "03 added nwaku#2 e10",
      "04 added js-waku#3 e10",
      "05 closed nwaku#1 e10",
      "08 reopened nwaku#1 e10",
      "09 removed nwaku#2 e10",
      "10 not_planned js-waku#3 e10",
      "12 closed nwaku#1 e10",
      "15 added go-waku#4 e11",
      "20 added go-waku#5 e10",
    ]);
  });
});

describe("sub-issue epics over time", () => {
  // Epic pm#20 in Gen 0. Day 2: nwaku#1 linked under it; day 3: nwaku#2 linked under nwaku#1 (so
  // nwaku#1 becomes a group, no longer a task); day 4: js-waku#3 linked under the epic; day 6:
  // js-waku#3 unlinked; day 7: nwaku#2 closed.
  const sub = (
    kind: "sub_issue_added" | "sub_issue_removed",
    child: [string, number],
    parent: [string, number],
    d: number,
  ): WorkEvent => ({
    kind,
    at: at(d),
    item: ref(...child),
    parent: ref(...parent),
  });
  const replaySub = () =>
    new Replay(
      {
        from: at(1, 0),
        items: [
          item("pm", 20, { labels: ["epic"], milestone: "Gen 0" }),
          item("nwaku", 1, { parent: ref("pm", 20) }),
          item("nwaku", 2, { parent: ref("nwaku", 1), state: "closed", stateReason: "completed" }),
          item("js-waku", 3),
        ],
        events: [
          { kind: "milestoned", at: at(1, 1), item: ref("pm", 20), milestone: "Gen 0" },
          sub("sub_issue_added", ["nwaku", 1], ["pm", 20], 2),
          sub("sub_issue_added", ["nwaku", 2], ["nwaku", 1], 3),
          sub("sub_issue_added", ["js-waku", 3], ["pm", 20], 4),
          sub("sub_issue_removed", ["js-waku", 3], ["pm", 20], 6),
          { kind: "closed", at: at(7), item: ref("nwaku", 2), reason: "completed" },
        ],
      },
      {
        pmRepo: PM,
        epicPrefix: "E:",
        membership: new SubIssueMembership(PM),
        epics: [{ number: 20, labels: ["epic"] }],
        milestones: [{ number: 1, title: "Gen 0" }],
      },
    );
  const on = (d: number) => countStatuses(milestoneTasks(replaySub().at(endOfDay(`2023-09-0${d}`)), 1));

  it("counts leaves once, a group not at all, and follows links and unlinks by the day", () => {
    expect(on(1)).toEqual({ scope: 0, closed: 0, open: 0, not_planned: 0 });
    expect(on(2)).toEqual({ scope: 1, closed: 0, open: 1, not_planned: 0 });
    // nwaku#1 now has a sub-issue: it is a group, and its leaf nwaku#2 is the task.
    expect(on(3)).toEqual({ scope: 1, closed: 0, open: 1, not_planned: 0 });
    expect(on(4)).toEqual({ scope: 2, closed: 0, open: 2, not_planned: 0 });
    expect(on(6)).toEqual({ scope: 1, closed: 0, open: 1, not_planned: 0 });
    expect(on(7)).toEqual({ scope: 1, closed: 1, open: 0, not_planned: 0 });
    const members = [...(replaySub().at(endOfDay("2023-09-04")).epics.get(20)?.keys() ?? [])].sort();
    expect(members).toEqual(["o/js-waku#3", "o/nwaku#2"]);
  });
});
