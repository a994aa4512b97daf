/**
 * How the client says when a rate limit resets: relative first, because "resets at 20:45 UTC"
 * makes a reader in another time zone do arithmetic, and the clock time too, for a log read later:
 * "resets in 12 minutes, at 20:45 UTC" (a date is added when the reset is not today, UTC).
 */

/** `12 minutes`, `45 seconds`, `1 hour 5 minutes`: rounded up, so nobody retries too early. */
export function describeDuration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return plural(seconds, "second");
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return plural(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? plural(hours, "hour") : `${plural(hours, "hour")} ${plural(rest, "minute")}`;
}

/** `at 20:45 UTC`, or `at 2026-12-02 20:45 UTC` when that is not today (UTC) at `nowMs`. */
export function describeClock(atMs: number, nowMs: number): string {
  const at = new Date(atMs);
  const iso = at.toISOString();
  const time = iso.slice(11, 16);
  const sameDay = iso.slice(0, 10) === new Date(nowMs).toISOString().slice(0, 10);
  return sameDay ? `at ${time} UTC` : `at ${iso.slice(0, 10)} ${time} UTC`;
}

/** `in 12 minutes, at 20:45 UTC` for a reset at `resetMs`. */
export function describeReset(resetMs: number, nowMs: number): string {
  return `in ${describeDuration(resetMs - nowMs)}, ${describeClock(resetMs, nowMs)}`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}
