/**
 * Dates, numbers and text for the pictures, formatted one fixed way (no locale, no time zone but
 * UTC), so the same data always gives the same bytes.
 */

const DAY_MS = 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A `YYYY-MM-DD` day as midnight UTC; `what` names the field in the error. */
export function parseDay(day: string, what: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!date || formatDay(date) !== day) {
    throw new Error(`${what}: "${day}" is not a date; expected YYYY-MM-DD (e.g. 2023-11-27)`);
  }
  return date;
}

/** The UTC day of an ISO timestamp or day (`2023-12-01T00:00:00Z` → `2023-12-01`). */
export function dayOfTimestamp(iso: string, what: string): string {
  const day = iso.slice(0, 10);
  parseDay(day, what);
  return day;
}

export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `Sep 4`: short enough for an axis. */
export function shortDay(date: Date): string {
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: Date, b: Date): number {
  return Math.round((b.getTime() - a.getTime()) / DAY_MS);
}

/** A coordinate with at most one decimal and no `-0`, so output never depends on float noise. */
export function num(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? "0" : String(r);
}

/** `1 task`, `3 tasks`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

// Characters XML 1.0 forbids (a title from GitHub may carry them), and terminal escapes.
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g;
const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Text from GitHub made safe inside XML or HTML text and attribute values: markup characters become
 * entities, characters XML cannot carry are dropped (an SVG with one is not an image at all).
 */
export function escapeXml(text: string): string {
  return text.replace(XML_INVALID, "").replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
