/**
 * `sync-labels --format matrix`: the organisation plan as one grid, a row per label that differs
 * somewhere and a column per repository that differs, so a lead sees before a first sync which
 * repository lacks or differs in which label. Pure: returns text.
 *
 * On a terminal the cells are one-character marks (legend below the grid) and the columns are
 * numbered when the repository names would not fit; the grid is split into several when even
 * numbered columns would not fit. Piped, it is one tab-separated table with words in the cells.
 */

import type { LabelSpec } from "../config/index.js";
import { styleFor } from "../render/style.js";
import { type Cell, renderTable, type Tone } from "../render/table.js";
import { displayWidth, wrapText } from "../text/width.js";
import type { OrgPlan } from "./org.js";
import type { LabelChange } from "./plan.js";
import type { RenderTarget } from "./render.js";

interface Mark {
  symbol: string;
  word: string;
  tone?: Tone;
  meaning: string;
}

const MARKS: Record<LabelChange["action"], Mark> = {
  create: { symbol: "+", word: "missing", tone: "green", meaning: "missing (would be created)" },
  update: { symbol: "~", word: "differs", meaning: "colour or description differs" },
  rename: {
    symbol: ">",
    word: "renamed",
    tone: "cyan",
    meaning: "under an old name or another case (renamed in place)",
  },
  merge: {
    symbol: "m",
    word: "duplicate",
    tone: "red",
    meaning: "also under an old name (its issues move over, then it is deleted)",
  },
  delete: { symbol: "x", word: "extra", tone: "red", meaning: "not in the config (deleted with --prune)" },
  "keep-in-use": {
    symbol: "!",
    word: "extra-in-use",
    tone: "yellow",
    meaning: "not in the config, carried by issues (kept)",
  },
};
const SAME: Mark = { symbol: "·", word: "ok", tone: "dim", meaning: "as configured" };

export function renderMatrix(plan: OrgPlan, labels: readonly LabelSpec[], output: RenderTarget): string {
  const style = styleFor(output);
  const planned = plan.repos.filter((r) => r.status === "planned");
  // label key → repository → actions, in plan order
  const cells = new Map<string, Map<string, LabelChange["action"][]>>();
  const names = new Map<string, string>();
  for (const spec of labels) names.set(spec.name.toLowerCase(), spec.name);
  const extras: string[] = [];
  const drifted: string[] = [];
  for (const entry of planned) {
    let any = false;
    for (const change of entry.plan.changes) {
      const key = change.name.toLowerCase();
      if (!names.has(key)) {
        names.set(key, change.name);
        extras.push(key);
      }
      const row = cells.get(key) ?? new Map<string, LabelChange["action"][]>();
      const actions = row.get(entry.repo.fullName) ?? [];
      actions.push(change.action);
      row.set(entry.repo.fullName, actions);
      cells.set(key, row);
      any = true;
    }
    if (any) drifted.push(entry.repo.fullName);
  }
  const order = [...labels.map((l) => l.name.toLowerCase()), ...extras.sort()].filter((k) => cells.has(k));
  const failed = plan.repos.filter((r) => r.status === "failed");
  const inSync = planned.length - drifted.length;

  const lines: string[] = [];
  if (order.length === 0) {
    lines.push(`every label matches the config in ${plural(planned.length, "repository", "repositories")}`);
  } else {
    const short = (repo: string) => repo.slice(plan.org.length + 1) || repo;
    const rowsFor = (repos: string[], symbols: boolean): (string | Cell)[][] =>
      order.map((key) => [
        names.get(key) ?? key,
        ...repos.map((repo) => {
          const actions = cells.get(key)?.get(repo) ?? [];
          const marks = actions.length === 0 ? [SAME] : actions.map((a) => MARKS[a]);
          const text = marks.map((m) => (symbols ? m.symbol : m.word)).join(symbols ? "" : "+");
          const tone = marks[0]?.tone;
          return tone ? { text, tone } : text;
        }),
      ]);
    if (!output.isTTY) {
      lines.push(
        renderTable({ head: ["label", ...drifted], rows: rowsFor(drifted, false) }, output).trimEnd(),
      );
    } else {
      lines.push(...terminalGrids(drifted, short, rowsFor, output));
      const used = new Set<LabelChange["action"]>();
      for (const row of cells.values())
        for (const actions of row.values()) for (const a of actions) used.add(a);
      const legend = [SAME, ...[...used].map((a) => MARKS[a])].map((m) => `${m.symbol} ${m.meaning}`);
      for (const line of wrapText(legend.join("; "), output.columns ?? 80, ["; "]))
        lines.push(style.dim(line));
    }
    lines.push(
      `${plural(order.length, "label")} ${order.length === 1 ? "differs" : "differ"} in ${plural(drifted.length, "repository", "repositories")}; ${inSync} in sync`,
    );
  }
  for (const f of failed) lines.push(style.red(`${f.repo.fullName}: could not be read: ${f.error}`));
  return `${lines.join("\n")}\n`;
}

/**
 * One grid with the repository names as headers if it fits; else numbered columns with a key;
 * else several numbered grids, each as wide as the terminal allows.
 */
function terminalGrids(
  repos: string[],
  short: (repo: string) => string,
  rowsFor: (repos: string[], symbols: boolean) => (string | Cell)[][],
  output: RenderTarget,
): string[] {
  const columns = output.columns ?? 80;
  // The label column gives way (wraps) before anything else; marks never do.
  const fitFor = (n: number): ("late" | undefined)[] => [
    "late",
    ...Array.from({ length: n }, () => undefined),
  ];
  const named = renderTable(
    { head: ["label", ...repos.map(short)], rows: rowsFor(repos, true), fit: fitFor(repos.length) },
    output,
  );
  if (displayWidth(named) <= columns) return [named.trimEnd()];

  const key = repos.map((repo, i) => `${i + 1} ${short(repo)}`).join(", ");
  // Each numbered column costs its number and 3 characters of border and padding.
  const labelWidth = Math.min(24, Math.max(5, ...rowsFor([], true).map((r) => displayWidth(String(r[0])))));
  const perColumn = String(repos.length).length + 3;
  const perGrid = Math.max(1, Math.floor((columns - labelWidth - 4) / perColumn));
  const grids: string[] = [];
  for (let start = 0; start < repos.length; start += perGrid) {
    const chunk = repos.slice(start, start + perGrid);
    const head = ["label", ...chunk.map((_, i) => String(start + i + 1))];
    grids.push(
      renderTable({ head, rows: rowsFor(chunk, true), fit: fitFor(chunk.length) }, output).trimEnd(),
    );
  }
  return [...grids, ...wrapText(`repositories: ${key}`, columns, [", "])];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
