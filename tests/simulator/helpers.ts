/**
 * Shared helpers for the REST simulator tests: a small seed builder and a fetch wrapper that
 * speaks to a running simulator the way any HTTP client would (Node's own fetch).
 */
import type { Seed, SeedIssue, SeedLabel, SeedRepo } from "../../src/simulator/seed.js";

export const TOKEN = "sim-test-token";
export const ORG = "acme";

export function label(name: string, color = "ededed", description: string | null = null): SeedLabel {
  return { name, color, description };
}

export function issue(number: number, overrides: Partial<SeedIssue> = {}): SeedIssue {
  return { number, title: `Issue ${number}`, state: "open", labels: [], ...overrides };
}

export function repo(name: string, overrides: Partial<SeedRepo> = {}): SeedRepo {
  return { name, labels: [], ...overrides };
}

export function seed(repos: SeedRepo[], tokens: string[] = [TOKEN]): Seed {
  return { org: ORG, tokens, repos };
}

/** A parsed JSON answer; tests assert on it field by field, as a user of the API would. */
// biome-ignore lint/suspicious/noExplicitAny: JSON from the wire, narrowed by the assertions
export type Json = any;

export interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: Json;
}

export interface CallOptions {
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
}

/** One request; `path` is sent as written (encode path segments yourself). */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = { accept: "application/vnd.github+json", ...options.headers };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `token ${token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === "" ? undefined : JSON.parse(text) };
}

/** Parses a `Link` header into rel → URL. */
export function parseLink(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(",")) {
    const m = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part.trim());
    if (m?.[1] && m[2]) out[m[2]] = m[1];
  }
  return out;
}

/** Follows `rel="next"` from `path`, returning every item and the number of pages fetched. */
export async function fetchAll(baseUrl: string, path: string): Promise<{ items: Json[]; pages: number }> {
  const items: Json[] = [];
  let url: string | undefined = `${baseUrl}${path}`;
  let pages = 0;
  while (url) {
    const reply = await call("", "GET", url);
    if (reply.status !== 200)
      throw new Error(`GET ${url} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    pages++;
    items.push(...reply.body);
    url = parseLink(reply.headers.get("link")).next;
  }
  return { items, pages };
}
