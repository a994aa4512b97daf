/**
 * The monthly report of the demo organisation (waku-org as in late 2023, with its seeded history
 * from 2023-08-28), checked against the facts the demo seed states about that history
 * (`demoHistory()`): in October epic 92 left Gen 0 for milestone 4 taking its tasks along, one task
 * was unlabelled and one closed as not planned; a task closed, reopened and closed again between
 * 30 October and 15 November. November (the demo's month in progress) is what the demo shows.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHistory, demoSeed } from "../../src/simulator/demo-seed.js";
import { ROOT } from "../helpers/cli.js";
import { type Harness, startHarness } from "./harness.js";
import { markdownProblems } from "./markdown-validity.js";

const NOW = "2023-11-27T09:00:00Z";
const facts = demoHistory(new Date(NOW));
const SEED = demoSeed({ now: new Date(NOW) });

interface Task {
  repo: string;
  number: number;
  epic: number | null;
  reason?: string;
}
interface Milestone {
  number: number;
  closed_tasks: Task[];
  added_tasks: Task[];
  removed_tasks: Task[];
  reopened_tasks: Task[];
  highlights: { text: string }[];
  risks: { text: string }[];
}

let h: Harness;
const month = async (m: string) => {
  const r = await h.run(["--month", m, "--json"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { milestones: Milestone[]; complete: boolean };
};
const ref = (t: { repo: string; number: number }) => `${t.repo.replace(/^waku-org\//, "")}#${t.number}`;

beforeAll(async () => {
  // The project's own labels.yaml: its aliases stitch the renamed epic label, as in the demo.
  h = await startHarness(
    demoSeed({ now: new Date(NOW) }),
    readFileSync(join(ROOT, "labels.yaml"), "utf8"),
    NOW,
  );
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe("the demo organisation's monthly reports", () => {
  it("October: the moved epic's tasks leave Gen 0 and join milestone 4; the unlabelled and the not-planned task leave", async () => {
    expect(facts.movedEpic.at.slice(0, 7)).toBe("2023-10");
    const doc = await month("2023-10");
    const from = doc.milestones.find((m) => m.number === facts.movedEpic.from) as Milestone;
    const to = doc.milestones.find((m) => m.number === facts.movedEpic.to) as Milestone;
    // The tasks that carried the moved epic's label when it moved (the seed gives them their label
    // at creation); the later ones joined milestone 4 directly.
    const carriers = (before: string) =>
      SEED.repos
        .flatMap((r) => (r.issues ?? []).map((i) => ({ repo: r.name, ...i })))
        .filter((i) => i.repo !== "pm" && i.labels.includes(facts.movedEpic.label))
        .filter((i) => Date.parse(i.created_at ?? "") < Date.parse(before))
        .map((i) => `${i.repo}#${i.number}`)
        .sort();
    const carried = carriers(facts.movedEpic.at);
    expect(carried.length).toBeGreaterThan(0);
    const moved = from.removed_tasks.filter((t) => t.epic === facts.movedEpic.number);
    expect(moved.map(ref).sort()).toEqual(carried);
    expect(moved.every((t) => t.reason === "left")).toBe(true);
    // Milestone 4 gains them, and the ones opened with the label later in October.
    expect(
      to.added_tasks
        .filter((t) => t.epic === facts.movedEpic.number)
        .map(ref)
        .sort(),
    ).toEqual(carriers("2023-11-01T00:00:00Z"));

    const removed = from.removed_tasks.find(
      (t) => ref(t) === `${facts.removed.repo}#${facts.removed.number}`,
    );
    expect(removed).toMatchObject({ epic: facts.removed.epic, reason: "left" });
    const dropped = from.removed_tasks.find(
      (t) => ref(t) === `${facts.notPlanned.repo}#${facts.notPlanned.number}`,
    );
    expect(dropped).toMatchObject({ epic: facts.notPlanned.epic, reason: "not_planned" });
    expect(from.removed_tasks).toHaveLength(carried.length + 2);

    const roundTrip = `${facts.reopened.repo}#${facts.reopened.number}`;
    expect(from.closed_tasks.map(ref)).toContain(roundTrip);
  });

  it("November so far: a task reopened and closed again within the month is neither closed nor reopened", async () => {
    const doc = await month("2023-11");
    expect(doc.complete).toBe(false);
    const gen0 = doc.milestones.find((m) => m.number === 1) as Milestone;
    const roundTrip = `${facts.reopened.repo}#${facts.reopened.number}`;
    expect(gen0.closed_tasks.map(ref)).not.toContain(roundTrip);
    expect(gen0.reopened_tasks.map(ref)).not.toContain(roundTrip);
    for (const m of doc.milestones) {
      const texts = m.highlights.map((x) => x.text.toLowerCase());
      expect(new Set(texts).size).toBe(texts.length);
    }
  });

  it("November's markdown is one valid part under GitHub's limit", async () => {
    const r = await h.run(["--month", "2023-11"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith("# Waku monthly report: November 2023 (so far, to 2023-11-27)\n")).toBe(true);
    expect(r.stdout.length).toBeLessThanOrEqual(65_536);
    expect(r.stdout).not.toContain("part 1 of");
    expect(markdownProblems(r.stdout)).toEqual([]);
  });
});
