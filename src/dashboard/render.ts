/**
 * The dashboard: one self-contained `index.html` (inline CSS and SVG, no script, no font, no
 * request of any kind, so it works from file://, on GitHub Pages and as an Actions artifact),
 * `data.json` with the data it was drawn from, and each chart as a standalone SVG. A pure function
 * of its input: the same data and clock give the same files.
 *
 * The page: a card per open milestone (percent, due date, days left, forecast), then per milestone
 * its burn-up, its epic table (a mini burn-up per epic) and the scope changes of the last 7 days,
 * then the latest weekly report. Accessibility: landmarks, one h1 and nested headings, tables with
 * captions and scoped header cells, a text alternative for every chart, theme colours that keep
 * 4.5:1 contrast in light and dark, and a layout that fits a 390 px phone (wide tables scroll in
 * their own focusable container, the page never does sideways).
 */
import { burnUpSubject, chartCss, describeBurnUp, renderBurnUp, renderMiniBurnUp } from "../chart/burnup.js";
import { addDays, escapeXml, formatDay, plural } from "../chart/format.js";
import type { HistoryChange, HistoryData } from "../chart/types.js";
import { daysLeft } from "../status/summarise.js";
import { markdownToHtml } from "./markdown-html.js";
import type { DashboardFiles, DashboardInput, DashboardMilestone } from "./types.js";

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** `Waku Network Gen 0` → `waku-network-gen-0`. */
export function slugify(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

function slugsOf(milestones: readonly DashboardMilestone[]): string[] {
  const used = new Set<string>();
  return milestones.map((m) => {
    const title = m.status.milestone?.title ?? m.history.milestone.title;
    if (m.slug !== undefined && !SLUG.test(m.slug)) {
      throw new Error(
        `dashboard: milestone "${title}": slug "${m.slug}" must be lower-case letters, digits and -`,
      );
    }
    let slug = m.slug ?? (slugify(title) || `milestone-${m.history.milestone.number}`);
    if (used.has(slug)) slug = `${slug}-${m.history.milestone.number}`;
    used.add(slug);
    return slug;
  });
}

function link(text: string, url: string | null | undefined): string {
  return url && /^https?:\/\//.test(url)
    ? `<a href="${escapeXml(url)}">${escapeXml(text)}</a>`
    : escapeXml(text);
}

function dueWords(dueOn: string | null, now: Date): string {
  if (!dueOn) return "no due date";
  const days = daysLeft(dueOn, now);
  const date = dueOn.slice(0, 10);
  if (days === null) return date;
  if (days === 0) return `${date} (due today)`;
  return days > 0 ? `${date} (${plural(days, "day")} left)` : `${date} (${plural(-days, "day")} overdue)`;
}

function forecastWords(history: HistoryData, dueOn: string | null): string {
  const f = history.forecast;
  if (f?.finish) {
    const late = dueOn && f.finish.likely > dueOn.slice(0, 10) ? ", after the due date" : "";
    return `likely ${f.finish.likely}${late} (between ${f.finish.earliest} and ${f.finish.latest})`;
  }
  return f?.reason ? `none: ${f.reason}` : "none";
}

const SCOPE_KINDS: Partial<Record<HistoryChange["kind"], string>> = {
  added: "added",
  removed: "removed",
  not_planned: "closed as not planned",
  reopened: "reopened",
};

function milestoneSection(m: DashboardMilestone, slug: string, now: Date): string {
  const { status, history } = m;
  const title = status.milestone?.title ?? history.milestone.title;
  const dueOn = status.milestone?.due_on ?? history.milestone.due_on;
  const today = formatDay(now);
  const chart = renderBurnUp(history, { today, idPrefix: `${slug}-chart`, standalone: false });
  const epics = new Map(history.epics.map((e) => [e.number, e]));
  const rows = status.epics.map((e) => {
    const h = epics.get(e.number);
    const mini = h?.series.length
      ? renderMiniBurnUp(history, {
          epic: e.number,
          today,
          idPrefix: `${slug}-e${e.number}`,
          standalone: false,
        })
      : "<span>no history</span>";
    return [
      "<tr>",
      `<th scope="row">${link(`#${e.number}`, e.url)} ${escapeXml(e.title)}</th>`,
      `<td>${e.state}</td>`,
      `<td class="num">${e.closed}/${e.total}</td>`,
      `<td class="num">${e.percent} %</td>`,
      `<td class="trend">${mini}</td>`,
      "</tr>",
    ].join("");
  });

  const tasks = new Map(
    status.epics.flatMap((e) => e.tasks.map((t) => [`${t.repo}#${t.number}`, t] as const)),
  );
  const epicTitles = new Map(status.epics.map((e) => [e.number, e.title]));
  const since = addDays(now, -7).toISOString();
  const recent = history.changes
    .filter((c) => SCOPE_KINDS[c.kind] && c.at > since && c.at <= now.toISOString())
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const changeRows = recent.map((c) => {
    const task = tasks.get(`${c.repo}#${c.number}`);
    const name = `${c.repo}#${c.number}`;
    const epic = c.epic === null ? "" : `#${c.epic} ${epicTitles.get(c.epic) ?? ""}`.trim();
    return [
      "<tr>",
      `<td>${escapeXml(c.at.slice(0, 10))}</td>`,
      `<td>${escapeXml(SCOPE_KINDS[c.kind] ?? c.kind)}</td>`,
      `<th scope="row">${link(name, task?.url)}${task ? ` ${escapeXml(task.title)}` : ""}</th>`,
      `<td>${escapeXml(epic)}</td>`,
      "</tr>",
    ].join("");
  });
  const changes =
    recent.length === 0
      ? `<p>No task joined or left the scope since ${since.slice(0, 10)}.</p>`
      : table(
          `${slug}-changes`,
          `Scope changes of ${title} since ${since.slice(0, 10)}`,
          ["Date", "Change", "Task", "Epic"],
          changeRows,
        );

  const words = describeBurnUp(burnUpSubject(history, { today }));
  return [
    `<section class="milestone" id="${slug}" aria-labelledby="${slug}-h">`,
    `<h2 id="${slug}-h">${link(title, status.milestone?.url)}</h2>`,
    `<p class="lede">${status.totals.closed} of ${plural(status.totals.total, "task")} closed (${status.totals.percent} %) · due ${escapeXml(dueWords(dueOn, now))} · forecast ${escapeXml(forecastWords(history, dueOn))}</p>`,
    `<figure class="chart">${chart}<figcaption><details><summary>The chart in words</summary><p>${escapeXml(words.desc)}</p></details><a href="${slug}.svg">Burn-up as SVG</a></figcaption></figure>`,
    `<h3 id="${slug}-epics-h">Epics</h3>`,
    table(`${slug}-epics`, `Epics of ${title}`, ["Epic", "State", "Closed", "Done", "Burn-up"], rows, [
      "",
      "",
      "num",
      "num",
      "",
    ]),
    `<h3>Scope changes in the last 7 days</h3>`,
    changes,
    "</section>",
  ].join("\n");
}

function table(id: string, caption: string, head: string[], rows: string[], classes: string[] = []): string {
  const ths = head.map(
    (h, i) => `<th scope="col"${classes[i] ? ` class="${classes[i]}"` : ""}>${escapeXml(h)}</th>`,
  );
  // Focusable so a keyboard can scroll it when it is wider than a phone.
  return [
    `<div class="table-wrap" role="region" aria-labelledby="${id}-caption" tabindex="0">`,
    `<table id="${id}"><caption id="${id}-caption">${escapeXml(caption)}</caption>`,
    `<thead><tr>${ths.join("")}</tr></thead>`,
    `<tbody>\n${rows.join("\n")}\n</tbody></table></div>`,
  ].join("\n");
}

function card(m: DashboardMilestone, slug: string, now: Date): string {
  const { status, history } = m;
  const title = status.milestone?.title ?? history.milestone.title;
  const dueOn = status.milestone?.due_on ?? history.milestone.due_on;
  const pct = status.totals.percent;
  return [
    `<li class="card">`,
    `<h3><a href="#${slug}">${escapeXml(title)}</a></h3>`,
    `<p class="pct"><span class="big">${pct} %</span> closed</p>`,
    `<div class="bar" aria-hidden="true"><div style="width:${Math.max(0, Math.min(100, pct))}%"></div></div>`,
    "<dl>",
    `<div><dt>Tasks</dt><dd>${status.totals.closed} of ${status.totals.total} closed, ${status.totals.open} open</dd></div>`,
    `<div><dt>Due</dt><dd>${escapeXml(dueWords(dueOn, now))}</dd></div>`,
    `<div><dt>Forecast</dt><dd>${escapeXml(forecastWords(history, dueOn))}</dd></div>`,
    `<div><dt>Epics</dt><dd>${status.epics.filter((e) => e.state === "closed").length} of ${status.epics.length} closed</dd></div>`,
    "</dl>",
    "</li>",
  ].join("\n");
}

const PAGE_CSS = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--card:#f6f8fa;--border:#d1d9e0;--link:#0969da;--bar:#1a7f37;--focus:#0969da}
@media (prefers-color-scheme: dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--card:#151b23;--border:#3d444d;--link:#4493f8;--bar:#3fb950;--focus:#4493f8}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;overflow-wrap:anywhere}
a{color:var(--link)}
a:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem}
.skip:focus{left:.5rem}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem;border-bottom:1px solid var(--border)}
h1{font-size:1.6rem;margin:.5rem 0}
h2{font-size:1.35rem;margin:2rem 0 .5rem}
h3{font-size:1.1rem;margin:1.5rem 0 .5rem}
.meta,.lede,figcaption,footer{color:var(--muted)}
.cards{list-style:none;padding:0;margin:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(min(100%,18rem),1fr))}
.card{background:var(--card);border:1px solid var(--border);border-radius:8px;padding:1rem}
.card h3{margin:0 0 .25rem}
.pct{margin:0}.big{font-size:2rem;font-weight:700;color:var(--fg)}
.bar{height:.5rem;background:var(--border);border-radius:4px;overflow:hidden;margin:.25rem 0 .75rem}
.bar div{height:100%;background:var(--bar)}
dl{margin:0}dl div{display:flex;gap:.5rem}dt{font-weight:600;min-width:5.5rem}dd{margin:0}
.milestone{border-top:1px solid var(--border);margin-top:2rem}
figure{margin:1rem 0}
figure svg{display:block;width:100%;max-width:900px;height:auto}
figcaption{font-size:.9rem;margin-top:.5rem}
.table-wrap{overflow-x:auto;max-width:100%;border:1px solid var(--border);border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;padding:.5rem .75rem;font-weight:600}
th,td{padding:.4rem .75rem;border-top:1px solid var(--border);text-align:left;vertical-align:middle;overflow-wrap:normal;white-space:nowrap}
thead th{background:var(--card)}
tbody th{font-weight:400;min-width:14rem;max-width:28rem;white-space:normal}
.num{text-align:right;white-space:nowrap}
.trend{white-space:nowrap}.trend svg{vertical-align:middle}
summary{cursor:pointer;color:var(--link)}
figcaption details{margin-bottom:.25rem}
.report h3{font-size:1.15rem}.report h4{font-size:1.05rem}.report h5,.report h6{font-size:1rem}
.report{background:var(--card);border:1px solid var(--border);border-radius:8px;padding:0 1rem}
.report ul{padding-left:1.25rem}
code{font-family:"DejaVu Sans Mono",ui-monospace,monospace;font-size:.9em}
pre{overflow-x:auto}
footer{padding-top:2rem;padding-bottom:2rem;font-size:.9rem}
`;

/** The page, its data and its charts. */
export function renderDashboard(input: DashboardInput): DashboardFiles {
  const now = new Date(input.now);
  if (Number.isNaN(now.getTime())) throw new Error(`dashboard: now "${input.now}" is not a timestamp`);
  const today = formatDay(now);
  const slugs = slugsOf(input.milestones);
  const files: DashboardFiles = {};

  input.milestones.forEach((m, i) => {
    const slug = slugs[i]!;
    files[`${slug}.svg`] = renderBurnUp(m.history, { today, idPrefix: "burnup" });
    for (const e of m.history.epics) {
      if (e.series.length === 0) continue;
      files[`${slug}-epic-${e.number}.svg`] = renderBurnUp(m.history, {
        today,
        epic: e.number,
        idPrefix: "burnup",
      });
    }
  });

  const org = input.org;
  const count = plural(input.milestones.length, "open milestone");
  const report = input.report
    ? [
        `<section aria-labelledby="report-h">`,
        `<h2 id="report-h">Latest weekly report</h2>`,
        input.report.url ? `<p>${link("Read it on GitHub", input.report.url)}</p>` : "",
        `<div class="report">${markdownToHtml(input.report.markdown, { headingOffset: 2 })}</div>`,
        "</section>",
      ].join("\n")
    : `<section aria-labelledby="report-h"><h2 id="report-h">Latest weekly report</h2><p>No weekly report yet.</p></section>`;

  const body = [
    '<a class="skip" href="#main">Skip to the milestones</a>',
    "<header>",
    `<h1>${escapeXml(org)} planning</h1>`,
    `<p class="meta">${count} as of ${today} · made by waku-pm · <a href="data.json">data.json</a></p>`,
    "</header>",
    '<main id="main">',
    `<section aria-labelledby="overview-h">`,
    `<h2 id="overview-h">Open milestones</h2>`,
    input.milestones.length === 0
      ? "<p>No open milestone.</p>"
      : `<ul class="cards">\n${input.milestones.map((m, i) => card(m, slugs[i]!, now)).join("\n")}\n</ul>`,
    "</section>",
    ...input.milestones.map((m, i) => milestoneSection(m, slugs[i]!, now)),
    report,
    "</main>",
    "<footer>",
    `<p>Built ${escapeXml(input.now)} from GitHub by waku-pm. Charts as SVG: ${Object.keys(files)
      .map((f) => `<a href="${escapeXml(f)}">${escapeXml(f)}</a>`)
      .join(", ")}.</p>`,
    "</footer>",
  ].join("\n");

  files["index.html"] = [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing to load, and nothing may be: the page is everything it needs.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`,
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeXml(`${org} planning · ${today}`)}</title>`,
    `<style>${PAGE_CSS}${chartCss()}\n</style>`,
    "</head>",
    "<body>",
    body,
    "</body>",
    "</html>",
    "",
  ].join("\n");

  files["data.json"] = `${JSON.stringify(
    {
      version: 1,
      generated_at: input.now,
      org,
      milestones: input.milestones.map((m, i) => ({ slug: slugs[i], status: m.status, history: m.history })),
    },
    null,
    2,
  )}\n`;
  return files;
}
