/**
 * The GraphQL half of the GitHub simulator: `POST /graphql` documents validated against GitHub's
 * published schema and executed over the simulator's state.
 *
 * Order of checks, as on GitHub: the body must carry a `query` string; the document must parse and
 * validate against the schema (an unknown field is an error naming it, HTTP 200 with `errors`);
 * variables must fit their declared types; then the static limits (`first`/`last` on every
 * connection, at most 100, at most 500,000 nodes) refuse the whole document; only then is it
 * executed. The answer carries the rate-limit `cost` the server charges to the primary limit.
 */
import {
  type DocumentNode,
  execute,
  GraphQLError,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
} from "graphql";
import { analyseDocument } from "./graphql-analysis.js";
import {
  createRoot,
  formatExecutionError,
  type RateLimitSnapshot,
  type ResolverContext,
  resolveField,
  resolveType,
} from "./graphql-resolvers.js";
import { loadGithubSchema } from "./graphql-schema.js";
import type { SimState } from "./state.js";

export type { RateLimitSnapshot } from "./graphql-resolvers.js";

export interface GraphqlAnswer {
  status: number;
  body: unknown;
  /** Primary rate-limit points this document costs. */
  cost: number;
}

export interface GraphqlOptions {
  /**
   * The primary rate limit before this document is charged; `rateLimit { remaining used }` reports
   * it after the charge, as GitHub does. Default: a fresh 5,000-point hour.
   */
  rateLimit?: RateLimitSnapshot;
  /** Login `viewer` resolves to (default `waku-pm-bot`). */
  viewer?: string;
  /** Web host for `url` fields (default https://github.com). */
  htmlUrl?: string;
  /** Clock for the default rate-limit reset. */
  now?: () => Date;
}

interface Body {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** GitHub answers a document it refuses with HTTP 200 and an `errors` list. */
function refuse(errors: unknown[], cost = 1): GraphqlAnswer {
  return { status: 200, body: { errors }, cost };
}

function toGithubError(error: GraphQLError): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // GitHub's wording for the most common mistake; the rest keep graphql-js's wording.
  const unknownField = error.message.match(/^Cannot query field "([^"]+)" on type "([^"]+)"\./);
  if (unknownField) {
    out.extensions = { code: "undefinedField", typeName: unknownField[2], fieldName: unknownField[1] };
    out.message = `Field '${unknownField[1]}' doesn't exist on type '${unknownField[2]}'`;
  } else {
    out.message = error.message;
  }
  if (error.locations) out.locations = error.locations;
  return out;
}

function readBody(body: unknown): Body | undefined {
  if (typeof body === "string") {
    try {
      return readBody(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  return body !== null && typeof body === "object" ? (body as Body) : undefined;
}

export async function handleGraphql(
  state: SimState,
  body: unknown,
  options: GraphqlOptions = {},
): Promise<GraphqlAnswer> {
  const request = readBody(body);
  if (!request) {
    return { status: 400, body: { message: "Problems parsing JSON", documentation_url: DOCS }, cost: 0 };
  }
  if (typeof request.query !== "string" || request.query.trim() === "") {
    return refuse([{ message: "A query attribute must be specified and must be a string." }]);
  }
  if (
    request.variables != null &&
    (typeof request.variables !== "object" || Array.isArray(request.variables))
  ) {
    return refuse([{ message: "Variables are invalid JSON." }]);
  }
  const variables = (request.variables ?? {}) as Record<string, unknown>;
  const operationName = typeof request.operationName === "string" ? request.operationName : undefined;

  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    if (error instanceof GraphQLError) return refuse([toGithubError(error)]);
    throw error;
  }
  const schema = loadGithubSchema();
  const invalid = validate(schema, document);
  if (invalid.length > 0) return refuse(invalid.map(toGithubError));

  const operation = getOperationAST(document, operationName);
  if (!operation) {
    return refuse([
      {
        message: operationName
          ? `No operation named "${operationName}"`
          : "An operation name is required when the document holds several operations.",
      },
    ]);
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return refuse(coerced.errors.map(toGithubError));

  const analysis = analyseDocument(schema, document, operation, coerced.coerced);
  if (analysis.errors.length > 0) return refuse(analysis.errors);

  const nowMs = (options.now ?? (() => new Date()))().getTime();
  const before = options.rateLimit ?? {
    limit: 5000,
    remaining: 5000,
    used: 0,
    reset: Math.floor(nowMs / 1000) + 3600,
  };
  const ctx: ResolverContext = {
    state,
    htmlUrl: (options.htmlUrl ?? "https://github.com").replace(/\/+$/, ""),
    viewer: options.viewer ?? "waku-pm-bot",
    cost: analysis.cost,
    nodeCount: analysis.nodeCount,
    rateLimit: {
      ...before,
      remaining: Math.max(0, before.remaining - analysis.cost),
      used: before.used + analysis.cost,
    },
  };
  const result = await execute({
    schema,
    document,
    rootValue: createRoot(ctx),
    contextValue: ctx,
    variableValues: variables,
    operationName,
    fieldResolver: resolveField,
    typeResolver: resolveType,
  });
  const answer: Record<string, unknown> = { data: result.data ?? null };
  if (result.errors?.length) answer.errors = result.errors.map(formatExecutionError);
  return { status: 200, body: answer, cost: analysis.cost };
}

const DOCS = "https://docs.github.com/graphql";
