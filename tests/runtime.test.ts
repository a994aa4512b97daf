/**
 * What runtime.ts builds from the process: the width a command fits its tables to, the --timeout
 * flag reaching the client, and stdin for questions.
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createContext } from "../src/runtime.js";
import { fakeIO, runMain } from "./helpers/process-io.js";

let server: Server | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe("the context", () => {
  it("takes the width from COLUMNS when the stream does not say it, else 80", () => {
    const io = fakeIO({ env: { COLUMNS: "132" } });
    expect(createContext(io, {}).stdout.columns).toBe(132);
    expect(createContext(fakeIO({ env: { COLUMNS: "wide" } }), {}).stdout.columns).toBe(80);
    expect(
      createContext(fakeIO({ env: { COLUMNS: "132" }, columns: 100, tty: true }), {}).stdout.columns,
    ).toBe(100);
  });

  it("gives a command an ended stdin when none was given: a question reads no answer, never a terminal", () => {
    const ctx = createContext(fakeIO(), {});
    expect(ctx.stdin.isTTY).not.toBe(true);
  });
});

describe("--timeout", () => {
  it("is bad input (exit 2) when it is not a number of seconds, before any request", async () => {
    const r = await runMain(["status", "--timeout", "soon", "--org", "acme"], {
      env: { GITHUB_TOKEN: "t", GITHUB_API_URL: "http://127.0.0.1:9" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--timeout: "soon" is not a number of seconds');
  });

  it("bounds every attempt: a server that never answers ends the run with one line, exit 3", async () => {
    // Accepts connections and never answers.
    server = createServer((socket) => {
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", () => resolve()));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const r = await runMain(
      ["status", "--org", "acme", "--timeout", "0.2", "--config", "tests/fixtures/waku-org-pm-labels.yaml"],
      {
        env: { GITHUB_TOKEN: "t", GITHUB_API_URL: `http://127.0.0.1:${port}`, WAKU_PM_RETRY_BASE_MS: "1" },
      },
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no answer from 127\.0\.0\.1:\d+ .* within 0\.2 s/);
  }, 20_000);
});
