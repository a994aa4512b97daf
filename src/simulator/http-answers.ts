/**
 * The shapes of GitHub's error answers, so every handler fails the way GitHub does and clients'
 * error handling is exercised for real.
 */
import type { SimState } from "./state.js";

export interface RestAnswer {
  status: number;
  /** JSON body; undefined for 204/304. */
  body?: unknown;
  headers?: Record<string, string>;
}

export const DOCS = "https://docs.github.com/rest";

export function notFound(): RestAnswer {
  return { status: 404, body: { message: "Not Found", documentation_url: DOCS, status: "404" } };
}

export function forbidden(message: string): RestAnswer {
  return { status: 403, body: { message, documentation_url: DOCS, status: "403" } };
}

export interface FieldError {
  resource: string;
  code: "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  field?: string;
  message?: string;
  value?: unknown;
}

export function validationFailed(errors: FieldError[], message = "Validation Failed"): RestAnswer {
  return { status: 422, body: { message, errors, documentation_url: DOCS, status: "422" } };
}

export function badJson(): RestAnswer {
  return { status: 400, body: { message: "Problems parsing JSON", documentation_url: DOCS, status: "400" } };
}

export function archived(): RestAnswer {
  return forbidden("Repository was archived so is read-only.");
}

export function serverError(status: number, message: string): RestAnswer {
  return { status, body: { message, documentation_url: DOCS, status: String(status) } };
}

/** GitHub's answer to an unknown or missing token. */
export function badCredentials(): RestAnswer {
  return { status: 401, body: { message: "Bad credentials", documentation_url: DOCS, status: "401" } };
}

export function rateLimited(state: SimState, userId: number): RestAnswer {
  return forbidden(
    `API rate limit exceeded for user ID ${userId}. If you reach out to GitHub Support for help, please include the request ID for ${state.org}.`,
  );
}

export const SECONDARY_RATE_LIMIT_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.";

/** GitHub's secondary-rate-limit answer (the `retry-after` header is added by the caller). */
export function secondaryRateLimited(status = 403): RestAnswer {
  return {
    status,
    body: {
      message: SECONDARY_RATE_LIMIT_MESSAGE,
      documentation_url:
        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
    },
  };
}
