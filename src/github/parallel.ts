/**
 * Independent GraphQL documents in flight together, a bounded number at a time. GitHub allows up
 * to 100 concurrent requests and counts GraphQL points per hour and per minute, so a handful in
 * flight makes wall time stop being documents × latency without coming near either limit.
 */

/** Documents in flight at once unless a caller says otherwise. */
export const DEFAULT_CONCURRENCY = 6;
/** GitHub's documented ceiling on concurrent requests; a caller's number is clamped below it. */
const GITHUB_CONCURRENCY_CEILING = 100;

/** `fn` over `items`, at most `limit` at a time; the results in the items' order. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number | undefined,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const width = Math.max(
    1,
    Math.min(GITHUB_CONCURRENCY_CEILING, Math.floor(limit ?? DEFAULT_CONCURRENCY), items.length),
  );
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    // After one failure the whole read fails: stop starting documents whose answer is thrown away.
    while (!failed) {
      const index = next++;
      if (index >= items.length) return;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}
