/**
 * The token's last resort: GitHub CLI's stored login (`gh auth token`), used only when neither
 * GITHUB_TOKEN nor GH_TOKEN is set, so someone who has run `gh auth login` needs no extra step.
 *
 * The token is asked for the host the API URL points at (`--hostname`), never for github.com by
 * default: a github.com token must not be sent to a GitHub Enterprise server or to a simulator on
 * 127.0.0.1. What gh prints is returned and nothing else: it is never logged, and gh's stderr (update
 * notices, "not logged in") is discarded rather than shown.
 */
import { spawnSync } from "node:child_process";

export interface GhTokenOptions {
  /** The REST API URL the token is for (decides `--hostname`). */
  apiUrl: string;
  /** The environment gh runs in (its PATH finds gh; GH_CONFIG_DIR finds its logins). */
  env: Readonly<Record<string, string | undefined>>;
  /** How long gh may take; a hung keyring prompt must not hang waku-pm. Default 3000 ms. */
  timeoutMs?: number;
  /** The executable, for tests; default `gh` found on the environment's PATH. */
  command?: string;
}

const DEFAULT_TIMEOUT_MS = 3000;

/**
 * The host gh keeps the login under, for an API URL: api.github.com → github.com, GitHub
 * Enterprise Cloud with data residency api.SUB.ghe.com → SUB.ghe.com, GitHub Enterprise Server
 * (https://HOST/api/v3) → HOST. Undefined for a URL that is not one.
 */
export function ghHostname(apiUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return undefined;
  }
  const host = url.host.toLowerCase();
  if (host === "api.github.com") return "github.com";
  if (/^api\.[^.]+\.ghe\.com$/.test(host)) return host.slice("api.".length);
  return host || undefined;
}

/**
 * `gh auth token --hostname HOST`, run without a shell and with a deadline. Undefined when gh is not
 * installed, is not logged in to that host, fails, takes too long, or prints something that is not
 * a single token.
 */
export function ghAuthToken(options: GhTokenOptions): string | undefined {
  const hostname = ghHostname(options.apiUrl);
  if (!hostname) return undefined;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.env)) if (v !== undefined) env[k] = v;
  // gh must not prompt (nothing would answer) nor spend the deadline checking for updates.
  env.GH_PROMPT_DISABLED = "1";
  env.GH_NO_UPDATE_NOTIFIER = "1";
  let result: ReturnType<typeof spawnSync>;
  try {
    result = spawnSync(options.command ?? "gh", ["auth", "token", "--hostname", hostname], {
      env,
      shell: false,
      stdio: ["ignore", "pipe", "ignore"],
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      killSignal: "SIGKILL",
      maxBuffer: 64 * 1024,
      encoding: "utf8",
      windowsHide: true,
    });
  } catch {
    return undefined;
  }
  if (result.error || result.status !== 0 || typeof result.stdout !== "string") return undefined;
  const token = result.stdout.trim();
  // One token: no inner whitespace or control characters (those would end up in a header).
  if (token === "" || /[\s\u0000-\u001f\u007f]/.test(token)) return undefined;
  return token;
}
