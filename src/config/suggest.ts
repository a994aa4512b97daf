/** "Did you mean" for misspelt keys (`colour` → `color`, `desc` → `description`). */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    if (candidate === lower) return candidate;
    // A prefix either way ("desc", "alias", "label") is a strong hint even when the distance is large.
    const prefix = lower.length >= 3 && (candidate.startsWith(lower) || lower.startsWith(candidate));
    const distance = prefix ? 1 : editDistance(lower, candidate);
    if (distance <= Math.max(2, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) {
      best = { name: candidate, distance };
    }
  }
  return best?.name;
}

/** Levenshtein distance, treating `-`/`_`/` ` as the same character (`pm-repo` is `pm_repo`). */
export function editDistance(a: string, b: string): number {
  const norm = (s: string) => s.replace(/[-_ ]/g, "_");
  const x = norm(a);
  const y = norm(b);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[y.length]!;
}
