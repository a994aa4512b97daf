/**
 * Where `history` keeps the issue events it has read, so the next run asks GitHub only for what is
 * newer (see events.ts). One JSON file per repository under the cache directory, keyed like the
 * HTTP cache by a hash of the token (tokens never share answers) and written atomically.
 *
 * A store only saves requests; it must never change an answer. Whatever is read back is checked
 * (a regular file of bounded size, the expected shape, a checksum over the events) and anything
 * else is a miss: the events are read from GitHub again.
 */
import { createHash } from "node:crypto";
import { lstat, mkdir, open, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface StoredRepoEvents {
  version: 1;
  /** Events are complete from this instant on. */
  from: string;
  /** Newest first, trimmed to what history uses. */
  events: unknown[];
}

export interface EventStore {
  read(owner: string, repo: string): Promise<StoredRepoEvents | undefined>;
  write(owner: string, repo: string, entry: StoredRepoEvents): Promise<void>;
}

const MAX_BYTES = 64 * 1024 * 1024;

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Whether an entry has the shape history relies on (every event with an id and a date). */
export function storedEventsValid(entry: StoredRepoEvents): boolean {
  return (
    entry.version === 1 &&
    typeof entry.from === "string" &&
    !Number.isNaN(Date.parse(entry.from)) &&
    Array.isArray(entry.events) &&
    entry.events.every((e) => {
      const r = e as { id?: unknown; created_at?: unknown; event?: unknown };
      return typeof r.id === "number" && typeof r.created_at === "string" && typeof r.event === "string";
    })
  );
}

export class FileEventStore implements EventStore {
  private readonly dir: string;

  /** `scope` names the token (GitHubClient.tokenScope()): one token's answers are never another's. */
  constructor(cacheDir: string, scope: string) {
    this.dir = join(cacheDir, "events", scope);
  }

  private fileFor(owner: string, repo: string): string {
    return join(this.dir, `${digest(`${owner}/${repo}`.toLowerCase()).slice(0, 32)}.json`);
  }

  async read(owner: string, repo: string): Promise<StoredRepoEvents | undefined> {
    try {
      // Only a regular file is opened: a FIFO or a link to a device planted in the cache must not hang the run.
      const file = this.fileFor(owner, repo);
      const before = await lstat(file);
      if (!before.isFile() || before.size > MAX_BYTES) return undefined;
      const handle = await open(file, "r");
      try {
        const info = await handle.stat();
        if (!info.isFile() || info.size > MAX_BYTES) return undefined;
        const text = await handle.readFile("utf8");
        const parsed = JSON.parse(text) as { sum?: unknown; entry?: StoredRepoEvents };
        if (!parsed.entry || parsed.sum !== digest(JSON.stringify(parsed.entry))) return undefined;
        return storedEventsValid(parsed.entry) ? parsed.entry : undefined;
      } finally {
        await handle.close();
      }
    } catch {
      return undefined;
    }
  }

  async write(owner: string, repo: string, entry: StoredRepoEvents): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
      const file = this.fileFor(owner, repo);
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify({ sum: digest(JSON.stringify(entry)), entry }), { mode: 0o600 });
      await rename(temp, file);
    } catch {
      // A store that cannot be written only costs requests next time.
    }
  }
}
