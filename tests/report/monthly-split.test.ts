/**
 * A large month: 240 tasks with two weekly updates each, so the monthly report's markdown passes
 * GitHub's 65,536-character limit for an issue body. It must come in numbered parts, each under the
 * limit and valid markdown on its own, with every highlight and every update it drew on exactly
 * once across them; the JSON stays one document.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Seed, SeedIssue } from "../../src/simulator/seed.js";
import { comment, type Harness, startHarness, TOKEN } from "./harness.js";
import { markdownProblems } from "./markdown-validity.js";

const NOW = "2023-10-03T09:00:00Z";
const AUG1 = "2023-08-01T00:00:00Z";
const EPICS = ["E:one", "E:two", "E:three", "E:four"];
const TASKS = 240;
const LIMIT = 65_536;

function task(n: number): SeedIssue {
  const closed = n % 3 === 0;
  const updates = [8, 15].map((day) =>
    comment(
      `dev${n % 7}`,
      [
        "**Weekly Update**",
        `- _achieved_: HL-${n}-${day} reworked the peer exchange path for task ${n} and measured it on the fleet for a whole day`,
        `- _next_: carry on with ${n}`,
        ...(n % 10 === 0
          ? [`- _risks_: RK-${n}-${day} the upstream library may not land its fix before the release`]
          : []),
      ].join("\n"),
      `2023-09-${String(day).padStart(2, "0")}T10:${String(n % 60).padStart(2, "0")}:00Z`,
    ),
  );
  return {
    number: n,
    title: `Task ${n}: a realistic title that says what the work is about`,
    state: closed ? "closed" : "open",
    labels: [EPICS[n % 4] as string],
    created_at: AUG1,
    ...(closed ? { closed_at: `2023-09-${String(10 + (n % 18)).padStart(2, "0")}T12:00:00Z` } : {}),
    updated_at: closed ? "2023-09-28T12:00:00Z" : "2023-09-15T11:00:00Z",
    comments: updates,
  };
}

const labels = ["epic", "milestone", ...EPICS].map((name) => ({ name, color: "ededed" }));
const SEED: Seed = {
  org: "big-org",
  tokens: [TOKEN],
  repos: [
    {
      name: "pm",
      labels,
      milestones: [{ number: 1, title: "Gen 0", due_on: "2023-12-01T00:00:00Z", created_at: AUG1 }],
      issues: EPICS.map((label, i) => ({
        number: 10 + i,
        title: `[Epic] 1.${i + 1}: ${label}`,
        state: "open" as const,
        labels: ["epic", label],
        milestone: 1,
        created_at: AUG1,
        updated_at: AUG1,
      })),
    },
    { name: "nwaku", labels, issues: Array.from({ length: TASKS }, (_, i) => task(i + 1)) },
  ],
};

const CONFIG = `org: big-org
labels:
${["epic", "milestone", ...EPICS].map((n) => `  - name: "${n}"\n    color: ededed`).join("\n")}
`;

let h: Harness;
let parts: string[];
let json: {
  milestones: { highlights: { text: string }[]; risks: { text: string }[] }[];
  updates: { url: string }[];
};

beforeAll(async () => {
  h = await startHarness(SEED, CONFIG, NOW);
  const md = await h.run(["--month", "2023-09"]);
  expect(md.code, md.stderr).toBe(0);
  parts = md.stdout.split(/(?=^<!-- monthly report: part \d+ of \d+ -->$)/m);
  const j = await h.run(["--month", "2023-09", "--json"]);
  expect(j.code, j.stderr).toBe(0);
  json = JSON.parse(j.stdout);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("a monthly report past GitHub's limit for an issue body", () => {
  it("comes in numbered parts, each under the limit and valid markdown on its own", () => {
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part, i) => {
      const body = part.replace(/\n$/, "");
      expect(body.length).toBeLessThanOrEqual(LIMIT);
      const label = `monthly report: part ${i + 1} of ${parts.length}`;
      expect(part.startsWith(`<!-- ${label} -->\n# Big monthly report: September 2023 (${label})\n`)).toBe(
        true,
      );
      expect(markdownProblems(part)).toEqual([]);
    });
    expect(parts[0]).toContain("<!-- executive summary: write it here -->");
    expect(parts[0]).toContain("| Milestone | Start | End |");
  });

  it("loses and repeats nothing: each highlight, risk and update once across the parts", () => {
    const all = parts.join("");
    const m = json.milestones[0];
    expect(m?.highlights).toHaveLength(TASKS * 2);
    expect(m?.risks).toHaveLength((TASKS / 10) * 2);
    for (const x of [...(m?.highlights ?? []), ...(m?.risks ?? [])]) {
      const marker = x.text.split(" ")[0] as string;
      expect(all.split(`${marker} `).length - 1, marker).toBe(1);
    }
    expect(json.updates).toHaveLength(TASKS * 2);
    // In the list of updates drew on (a highlight links its update too, as "(…(url))").
    for (const u of json.updates) expect(all.split(`(${u.url}): `).length - 1, u.url).toBe(1);
  });
});
