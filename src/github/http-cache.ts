/**
 * The on-disk cache of GET answers behind conditional requests: a GET answered 304 Not Modified to
 * `If-None-Match` costs nothing against the primary rate limit, which matters for a CI job
 * re-checking 18 repositories on a 1,000-an-hour Actions token.
 *
 * The cache only ever saves requests; it must never change an answer. Its folder is an ordinary
 * directory anyone with the user's rights (or a CI cache restore) can write to, so nothing read
 * back is trusted:
 * - only a regular file of bounded size is opened (no FIFO, no symlink to /dev/zero, no device),
 *   with O_NOFOLLOW and O_NONBLOCK so even opening one cannot hang;
 * - every entry carries an HMAC of what it holds, keyed from the token: an entry rewritten by
 *   anyone who does not hold the token (a body replaced by `[]` with its ETag kept) is detected;
 * - the shape is checked (ETag and replayed headers free of CR/LF, the URL the entry is for, a
 *   JSON body when the answer was JSON).
 * An entry failing any check is a miss: the request goes to GitHub unconditionally, and the
 * caller is told once (`onBadEntry`), so a damaged cache is said, not silently worked around.
 *
 * Entries are keyed by a hash of the token's hash and the URL, so two tokens never share answers,
 * and the token is in no file and no file name.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { constants } from "node:fs";
import { mkdir, open, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Where the HTTP cache lives: WAKU_PM_CACHE_DIR, else $XDG_CACHE_HOME/waku-pm, else ~/.cache/waku-pm. */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.WAKU_PM_CACHE_DIR) return env.WAKU_PM_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "waku-pm");
  if (env.HOME) return join(env.HOME, ".cache", "waku-pm");
  return undefined;
}

export interface CacheEntry {
  etag: string;
  /** Headers worth replaying: Link carries the pagination. */
  headers: Record<string, string>;
  body: string;
}

/** The headers replayed with a cached answer (and the only ones an entry may hold). */
export const REPLAYED_HEADERS = ["link", "content-type"] as const;

/**
 * Bigger than any page of 100 items GitHub sends (a page of issues with long bodies is about a
 * megabyte), small enough that reading one can never exhaust memory.
 */
export const DEFAULT_MAX_ENTRY_BYTES = 16 * 1024 * 1024;

/** Written into every entry; an entry without it (an older waku-pm's) is a quiet miss. */
const FORMAT = "waku-pm-http-cache/2";

// RFC 9110 entity-tag: optional W/, then a quoted string of visible ASCII other than `"`.
const ETAG = /^(?:W\/)?"[\x21\x23-\x7e]*"$/;
const MAX_ETAG_LENGTH = 512;
// A header value we are willing to replay: visible ASCII, spaces and tabs; never CR or LF.
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/** Why an entry was not used, for the one warning the caller gives. */
export interface BadEntry {
  file: string;
  reason: string;
}

export interface HttpCacheOptions {
  maxEntryBytes?: number;
  /** Called for every entry that exists but fails a check (the caller decides how often to say so). */
  onBadEntry?: (bad: BadEntry) => void;
}

interface StoredEntry extends CacheEntry {
  format: string;
  url: string;
  mac: string;
}

export class HttpCache {
  private readonly namespace: string;
  private readonly macKey: Buffer;
  private readonly maxEntryBytes: number;

  constructor(
    readonly dir: string,
    token: string,
    private readonly options: HttpCacheOptions = {},
  ) {
    // Two different one-way derivations: the file names reveal nothing about the MAC key.
    this.namespace = createHash("sha256").update(`waku-pm\n${token}`).digest("hex");
    this.macKey = createHash("sha256").update(`waku-pm http-cache mac\n${token}`).digest();
    this.maxEntryBytes = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  }

  /** The file holding the entry for `url` (tests use it to damage one). */
  fileFor(url: string): string {
    const key = createHash("sha256").update(`${this.namespace}\n${url}`).digest("hex");
    return join(this.dir, `${key}.json`);
  }

  /** The entry for `url`, or undefined when there is none or it fails a check (a miss). */
  async read(url: string): Promise<CacheEntry | undefined> {
    const file = this.fileFor(url);
    const text = await this.readBounded(file);
    if (text === undefined) return undefined;
    let stored: unknown;
    try {
      stored = JSON.parse(text);
    } catch {
      return this.bad(file, "not JSON");
    }
    if (!isRecord(stored)) return this.bad(file, "not an entry");
    // An entry written by an older waku-pm (no format, no checksum): simply not ours to trust.
    if (stored.format !== FORMAT) return undefined;
    const problem = this.check(stored, url);
    if (problem) return this.bad(file, problem);
    const entry = stored as unknown as StoredEntry;
    return { etag: entry.etag, headers: entry.headers, body: entry.body };
  }

  /** Stores an answer; an entry that could not be read back valid is not written at all. */
  async write(url: string, entry: CacheEntry): Promise<void> {
    if (!validEtag(entry.etag)) return;
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = entry.headers[name];
      if (value === undefined) continue;
      if (!HEADER_VALUE.test(value)) return;
      headers[name] = value;
    }
    const stored: StoredEntry = {
      format: FORMAT,
      url,
      etag: entry.etag,
      headers,
      body: entry.body,
      mac: this.mac(url, entry.etag, headers, entry.body),
    };
    const text = JSON.stringify(stored);
    // An answer too big to be read back is not worth the disk.
    if (Buffer.byteLength(text) > this.maxEntryBytes) return;
    const file = this.fileFor(url);
    // Write a fresh file (never through an existing one or a symlink), then rename it into place,
    // so a concurrent reader never sees half an entry and whatever was at `file` is replaced.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeFile(temp, text, { mode: 0o600, flag: "wx" });
      await rename(temp, file);
    } catch {
      // A read-only or full disk only costs the saving.
      await rm(temp, { force: true }).catch(() => {});
    }
  }

  /**
   * The file's text, or undefined for "no entry" (missing) and for anything that is not a regular
   * file within the size bound (reported as bad). Never blocks on a FIFO or follows a symlink.
   */
  private async readBounded(file: string): Promise<string | undefined> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(
        file,
        constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0),
      );
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === "ENOENT" || code === "ENOTDIR") return undefined;
      return this.bad(file, code === "ELOOP" ? "a symbolic link" : `cannot be opened (${String(code)})`);
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return this.bad(file, "not a regular file");
      if (stat.size > this.maxEntryBytes) return this.bad(file, `larger than ${this.maxEntryBytes} bytes`);
      // Read at most one byte past the bound, in case the file grows while we read it.
      const buffer = Buffer.alloc(Math.min(stat.size, this.maxEntryBytes) + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > this.maxEntryBytes) return this.bad(file, `larger than ${this.maxEntryBytes} bytes`);
      return buffer.subarray(0, length).toString("utf8");
    } catch (error) {
      return this.bad(file, `cannot be read (${String((error as { code?: unknown }).code ?? error)})`);
    } finally {
      await handle.close().catch(() => {});
    }
  }

  /** What is wrong with a stored entry, or undefined when it can be used. */
  private check(stored: Record<string, unknown>, url: string): string | undefined {
    const { etag, headers, body, mac } = stored;
    if (typeof etag !== "string" || typeof body !== "string" || typeof mac !== "string") {
      return "fields missing";
    }
    if (!isRecord(headers)) return "fields missing";
    if (stored.url !== url) return "the entry is for another URL";
    if (!validEtag(etag)) return "the ETag is not a valid entity tag";
    for (const [name, value] of Object.entries(headers)) {
      if (!(REPLAYED_HEADERS as readonly string[]).includes(name)) return `unexpected header ${name}`;
      if (typeof value !== "string" || !HEADER_VALUE.test(value)) return `the ${name} header is invalid`;
    }
    const expected = Buffer.from(this.mac(url, etag, headers as Record<string, string>, body), "hex");
    const actual = Buffer.from(mac, "hex");
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      return "its checksum does not match: it was changed after waku-pm wrote it";
    }
    // The checksum proves we wrote it; this guards against our own bugs (a truncated answer).
    if (/json/i.test((headers as Record<string, string>)["content-type"] ?? "")) {
      try {
        JSON.parse(body);
      } catch {
        return "the stored answer is not JSON";
      }
    }
    return undefined;
  }

  private mac(url: string, etag: string, headers: Record<string, string>, body: string): string {
    const sortedHeaders = Object.entries(headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return createHmac("sha256", this.macKey)
      .update(JSON.stringify([FORMAT, url, etag, sortedHeaders, body]))
      .digest("hex");
  }

  private bad(file: string, reason: string): undefined {
    this.options.onBadEntry?.({ file, reason });
    return undefined;
  }
}

function validEtag(etag: string): boolean {
  return etag.length <= MAX_ETAG_LENGTH && ETAG.test(etag);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
