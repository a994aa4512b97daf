/**
 * The one place that makes untrusted text safe for where it is shown. Titles, label names, logins,
 * comments and error messages come from GitHub or from a config someone else edited: every output
 * that shows them (terminal tables, stderr warnings, markdown, CSV, GitHub Actions annotations, the
 * step summary) passes them through one of these functions first.
 *
 * This module imports nothing from the project (nor anything else), so any layer can use it,
 * `github/client.ts` included, without an import cycle.
 *
 *   forTerminal(text)          one line for a terminal: no escape sequences or control characters
 *   forTerminalBlock(text)     the same, keeping line breaks and tabs
 *   forMarkdownInline(text)    a table cell or inline text: no markup, no HTML, no ping, one line
 *   forMarkdownLines(lines)    a weekly update's lines, kept as written but unable to break the report
 *   forCsvCell(value)          one RFC 4180 cell that a spreadsheet will not run as a formula
 *   forAnnotationData(text)    the message of a `::error …::message` workflow command
 *   forAnnotationProperty(text) a property value (`file=…`) of one
 */

// Whole escape sequences, so their parameters do not stay behind as text: CSI (`ESC [ … final`,
// colours, cursor moves, "clear screen"), OSC (`ESC ] … BEL|ST`: window titles, OSC 8 hyperlinks,
// clipboard writes), the string commands DCS/SOS/PM/APC (`ESC P|X|^|_ … ST`), nF sequences
// (`ESC ( B`), two-character escapes, and the 8-bit C1 forms of CSI and OSC.
const ESCAPE_SEQUENCE = new RegExp(
  [
    "\\u001b\\[[0-?]*[ -/]*[@-~]",
    "\\u001b\\][^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)",
    "\\u001b[PX^_][^\\u001b\\u009c]*(?:\\u001b\\\\|\\u009c)",
    "\\u001b[ -/]+[0-~]",
    "\\u001b[0-~]",
    "\\u009b[0-?]*[ -/]*[@-~]",
    "\\u009d[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)",
  ].join("|"),
  "g",
);
// A high surrogate not followed by a low one, or a low one not preceded by a high one: not a
// character, and some terminals and encoders choke on it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Everything that breaks a line for some reader: CRLF, CR (the Actions runner ends a line on a bare
// CR), LF, and the Unicode line and paragraph separators.
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;
// C0 controls, DEL and C1 controls, except tab and line feed (each caller decides about those).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// The same, but keeping CR too: for annotations, which encode CR and LF rather than lose them.
const CONTROL_BUT_CR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Escape sequences, controls (but tab and LF) and lone surrogates removed; every line break
 * (CR, CRLF, U+2028, U+2029) becomes LF, or, with `keepBreaks`, CR and LF stay as they are.
 */
function stripControls(text: string, keepBreaks = false): string {
  const noSequences = text.replace(ESCAPE_SEQUENCE, "");
  const controlsGone = keepBreaks
    ? noSequences.replace(CONTROL_BUT_CR, "")
    : noSequences.replace(LINE_BREAK, "\n").replace(CONTROL, "");
  return controlsGone.replace(LONE_SURROGATE, "");
}

/**
 * One line of terminal text: ANSI/OSC escape sequences, C0/C1 controls, DEL and lone surrogates
 * removed; line breaks and tabs become spaces, so a title stays on its row.
 */
export function forTerminal(text: string): string {
  return stripControls(text).replace(/[\n\t]/g, " ");
}

/** Terminal text that may span lines: as `forTerminal`, but line breaks (as LF) and tabs are kept. */
export function forTerminalBlock(text: string): string {
  return stripControls(text);
}

/**
 * Invisible, and enough to break the patterns GitHub and the Actions runner look for (`@login`,
 * `::command`, `##[command`) while the rendered text reads the same.
 */
const ZERO_WIDTH = "\u200b";

// Inline constructs: code, emphasis, links and images (a `(` or `!` only matters next to an
// escaped `[`), table cells, strikethrough, `{}`, and `#`, which both starts a heading and makes
// `#62` a reference to (and a back-link on) issue 62 of whatever repository the text is pasted in.
const INLINE_SPECIAL = /[\\`*_{}[\]|~#]/g;
// Only at the start of the text: list markers and an image's `!`.
const LEADING_SPECIAL = /^[-+!]/;
// Entities, not backslashes: a backslash before `<` is not honoured by every renderer of raw HTML.
const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * Text for a markdown table cell or any inline position: one line, markdown specials
 * backslash-escaped, `& < >` as entities (no HTML), and `@login` defused with a zero-width space
 * so pasting the text pings nobody.
 */
export function forMarkdownInline(text: string): string {
  return forTerminal(text)
    .replace(INLINE_SPECIAL, (c) => `\\${c}`)
    .replace(LEADING_SPECIAL, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c] ?? c)
    .replace(/@(?=[A-Za-z0-9])/g, `@${ZERO_WIDTH}`);
}

const HEADING = /^( {0,3})(#{1,6})(?=\s|$)/;
const SETEXT_OR_RULE = /^ {0,3}(?:-+|=+)\s*$|^ {0,3}([-_*])(?:\s*\1){2,}\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
// Autolinks (`<https://…>`) are harmless and common; everything else that opens a tag is escaped.
const HTML_OPEN = /<(?!https?:\/\/[^\s<>]+>)/g;
// The runner's `::command::` form counts after leading white space (it trims the line first).
const WORKFLOW_COMMAND = /^(\s*)::/;
// Its legacy `##[command]` form counts anywhere in a line.
const LEGACY_WORKFLOW_COMMAND = /##\[/g;

/**
 * The lines of a weekly update, kept as written (people use links, code spans, emphasis and nested
 * lists, tab-indented or not, on purpose) with only what could change the report's structure or
 * act on its reader neutralised:
 * - a line that would be a heading (`# …`): it would end the section it sits in;
 * - a setext underline (`---`, `===`): it would turn the line above into a heading or a rule;
 * - an unbalanced code fence (```` ``` ````, `~~~`): it would swallow the rest of the report;
 * - raw HTML (`<details>`, `<!--`): an unclosed tag or comment hides everything after it;
 * - `@login` outside code and URLs: pasting the report would ping that person;
 * - a GitHub Actions workflow command (`::add-mask::…`, `::stop-commands::…`, `##[set-output]`):
 *   printing the report in a workflow step would execute it, even inside a code block.
 * A fenced block closed inside the same update is kept with its contents (bar workflow commands).
 * Terminal escape sequences and control characters are dropped everywhere (tabs are kept): the
 * report is often printed straight to a terminal.
 */
export function forMarkdownLines(lines: readonly string[]): string[] {
  const clean = lines.map((line) => stripControls(line).replace(/\n/g, " "));
  const fenceBalanced = areFencesBalanced(clean);
  let openFence: string | undefined;
  return clean.map((line) => {
    const fence = FENCE.exec(line)?.[1];
    let out: string;
    if (fenceBalanced && fence !== undefined) {
      if (openFence === undefined) openFence = fence;
      else if (fence[0] === openFence[0] && fence.length >= openFence.length) openFence = undefined;
      out = line;
    } else if (openFence !== undefined) out = line;
    else out = defuseMentions(escapeStructure(line));
    return defuseWorkflowCommands(out);
  });
}

function escapeStructure(line: string): string {
  let out = line.replace(HTML_OPEN, "&lt;");
  const fence = /^( {0,3})([`~])/.exec(out);
  if (fence && FENCE.test(out)) out = `${fence[1]}\\${out.slice(fence[1]?.length ?? 0)}`;
  out = out.replace(HEADING, "$1\\$2");
  if (SETEXT_OR_RULE.test(out)) out = out.replace(/^( {0,3})(\S)/, "$1\\$2");
  return out;
}

function areFencesBalanced(lines: readonly string[]): boolean {
  let open: string | undefined;
  for (const line of lines) {
    const fence = FENCE.exec(line)?.[1];
    if (fence === undefined) continue;
    if (open === undefined) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length) open = undefined;
  }
  return open === undefined;
}

/** Makes a line unable to be read as a workflow command by the GitHub Actions runner. */
export function defuseWorkflowCommands(line: string): string {
  return line
    .replace(WORKFLOW_COMMAND, `$1${ZERO_WIDTH}::`)
    .replace(LEGACY_WORKFLOW_COMMAND, `##${ZERO_WIDTH}[`);
}

// A URL (where an `@` is part of the address: npm scopes, Medium authors) or a mention: an `@`
// not preceded by a word character (so `bob@example.com` is left alone) and followed by a login.
const URL_OR_MENTION = /((?:https?|ftp):\/\/[^\s<>]*|www\.[^\s<>]*)|(?<![A-Za-z0-9_])@(?=[A-Za-z0-9])/g;

/**
 * `@login` and `@org/team` outside code spans and URLs get a zero-width space after the `@`.
 * GitHub does not ping inside code or links, and a copied `npm i @waku/sdk` must still work.
 */
function defuseMentions(line: string): string {
  return splitCodeSpans(line)
    .map((part) =>
      part.code ? part.text : part.text.replace(URL_OR_MENTION, (m, url) => (url ? m : `@${ZERO_WIDTH}`)),
    )
    .join("");
}

/** A line cut into code spans (a run of N backticks up to the next run of exactly N) and the rest. */
function splitCodeSpans(line: string): { text: string; code: boolean }[] {
  const parts: { text: string; code: boolean }[] = [];
  let last = 0;
  let i = 0;
  while (i < line.length) {
    if (line[i] !== "`") {
      i++;
      continue;
    }
    const run = runOfBackticks(line, i);
    let close = -1;
    for (let k = i + run; k < line.length; ) {
      if (line[k] !== "`") {
        k++;
        continue;
      }
      const other = runOfBackticks(line, k);
      if (other === run) {
        close = k + other;
        break;
      }
      k += other;
    }
    if (close < 0) {
      // No closing run: these backticks are literal text.
      i += run;
      continue;
    }
    if (i > last) parts.push({ text: line.slice(last, i), code: false });
    parts.push({ text: line.slice(i, close), code: true });
    last = close;
    i = close;
  }
  if (last < line.length) parts.push({ text: line.slice(last), code: false });
  return parts;
}

function runOfBackticks(line: string, from: number): number {
  let end = from;
  while (line[end] === "`") end++;
  return end - from;
}

// Excel, LibreOffice and Google Sheets run a cell starting with one of these as a formula.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180) that is safe to open in a spreadsheet: escape sequences (OSC 8
 * hyperlinks included), NUL, CR and other controls removed (tabs and LF kept), then a cell that
 * would start a formula gets a leading `'`, then quoted when it holds a comma, quote or line break.
 * Numbers and booleans are ours, not GitHub's: a negative number stays a number.
 */
export function forCsvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  // A bare CR is not a line break anyone meant in a title; it only lets a cell start a formula or
  // overwrite what a terminal showed.
  const clean = stripControls(value, true).replace(/\r/g, "");
  const safe = FORMULA_START.test(clean) ? `'${clean}` : clean;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The message of a workflow command (`::error file=…::message`), escaped as actions/toolkit's
 * command.ts does: the runner unescapes `%25 %0D %0A`, so a line break cannot end the command and
 * start another. Escape sequences and other controls are dropped first.
 */
export function forAnnotationData(text: string): string {
  return stripControls(text, true).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value (`file=…`): as the message, plus `:` and `,`, which would end the value. */
export function forAnnotationProperty(text: string): string {
  return forAnnotationData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
