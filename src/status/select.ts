/**
 * Choosing a milestone (`--milestone SEL`) and an epic (`--epic LABEL_OR_NUMBER`). Pure: the
 * candidates come in, one choice or an InputError (exit 2) listing the candidates comes out.
 */
import { InputError } from "../errors.js";
import { epicLabelsOf } from "../model/epics.js";
import type { Epic, Milestone } from "../model/work.js";

/** Lower case without spaces or punctuation: "Waku Network Gen 0" → "wakunetworkgen0". */
export function normaliseTitle(text: string): string {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

function listMilestones(milestones: readonly Milestone[]): string {
  if (milestones.length === 0) return "  (the repository has no milestones)";
  return milestones
    .map((m) => `  ${m.number}: ${m.title}${m.state === "closed" ? " (closed)" : ""}`)
    .join("\n");
}

/**
 * SEL is, in this order: a milestone number; a title ignoring case; a short name from the config's
 * `milestones`; a fragment that matches exactly one title once case, spaces and punctuation are
 * ignored ("gen0" finds "Waku Network Gen 0").
 */
export function selectMilestone(
  milestones: readonly Milestone[],
  selector: string,
  shortNames: Readonly<Record<string, string>> = {},
  where = "the pm repository",
): Milestone {
  const sel = selector.trim();
  if (/^#?\d+$/.test(sel)) {
    const number = Number(sel.replace("#", ""));
    const found = milestones.find((m) => m.number === number);
    if (found) return found;
    throw new InputError(
      `no milestone number ${number} in ${where}; the milestones are:\n${listMilestones(milestones)}`,
      "Pass --milestone with one of these numbers or titles.",
    );
  }
  const byTitle = milestones.filter((m) => m.title.toLowerCase() === sel.toLowerCase());
  if (byTitle.length === 1 && byTitle[0]) return byTitle[0];

  const shortKey = Object.keys(shortNames).find((k) => k.toLowerCase() === sel.toLowerCase());
  if (shortKey !== undefined) {
    const title = shortNames[shortKey] ?? "";
    const found = milestones.find((m) => m.title.toLowerCase() === title.toLowerCase());
    if (found) return found;
    throw new InputError(
      `the config's short name "${shortKey}" means milestone "${title}", which is not in ${where}; the milestones are:\n${listMilestones(milestones)}`,
      "Fix the title under `milestones:` in the config.",
    );
  }

  const fragment = normaliseTitle(sel);
  const matches = fragment === "" ? [] : milestones.filter((m) => normaliseTitle(m.title).includes(fragment));
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    throw new InputError(
      `--milestone "${sel}" matches ${matches.length} milestones:\n${listMilestones(matches)}`,
      "Give more of the title, or the milestone's number.",
    );
  }
  throw new InputError(
    `no milestone matches "${sel}" in ${where}; the milestones are:\n${listMilestones(milestones)}`,
    "Pass --milestone with a number, a title, a short name from the config, or a unique part of a title.",
  );
}

/** An epic by issue number (`62`, `#62`) or by epic label, ignoring case (`E:1.1 …`). */
export function selectEpic(epics: readonly Epic[], selector: string, epicPrefix: string): Epic {
  const sel = selector.trim();
  const list = (): string =>
    epics.length === 0
      ? "  (no epic issues)"
      : epics
          .map(
            (e) =>
              `  #${e.number} ${epicLabelsOf(e, epicPrefix).join(", ") || "(no epic label)"}: ${e.title}`,
          )
          .join("\n");
  if (/^#?\d+$/.test(sel)) {
    const number = Number(sel.replace("#", ""));
    const found = epics.find((e) => e.number === number);
    if (found) return found;
    throw new InputError(
      `no epic issue #${number}; the epics are:\n${list()}`,
      "Pass --epic with an epic's number or label.",
    );
  }
  const matches = epics.filter((e) =>
    epicLabelsOf(e, epicPrefix).some((l) => l.toLowerCase() === sel.toLowerCase()),
  );
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    throw new InputError(
      `epic label "${sel}" is carried by ${matches.length} epics: ${matches.map((e) => `#${e.number}`).join(", ")}`,
      "Pass --epic with the epic's issue number instead.",
    );
  }
  throw new InputError(
    `no epic carries the label "${sel}"; the epics are:\n${list()}`,
    "Pass --epic with an epic's number or label.",
  );
}
