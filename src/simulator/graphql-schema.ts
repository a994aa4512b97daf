/**
 * GitHub's published GraphQL schema (npm `@octokit/graphql-schema`), built once per process.
 *
 * Building the 1.2 MB SDL takes a few hundred milliseconds (measured: 0.3 s on a quiet machine,
 * 1.3-2.7 s on a loaded one; skipping location tracking roughly halves either), so it is done
 * lazily (a simulator that only serves REST never pays for it) and cached in the module.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { buildSchema, type GraphQLSchema } from "graphql";

let cached: GraphQLSchema | undefined;
let buildMs: number | undefined;

/**
 * The package's `exports` map only exposes its JS entry (which also parses a 5 MB JSON schema on
 * import), so `require.resolve("@octokit/graphql-schema/schema.graphql")` is refused: look for the
 * file in the same node_modules folders Node would search.
 */
export function locateSchemaFile(): string {
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths("@octokit/graphql-schema") ?? []) {
    const candidate = join(dir, "@octokit", "graphql-schema", "schema.graphql");
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    "@octokit/graphql-schema/schema.graphql not found: run `npm ci` (the simulator needs GitHub's schema)",
  );
}

export function loadGithubSchema(): GraphQLSchema {
  if (cached) return cached;
  const started = performance.now();
  const sdl = readFileSync(locateSchemaFile(), "utf8");
  // GitHub's schema is valid by construction, so validating the SDL again is wasted work; and
  // source locations of the schema's own nodes are never reported, so they are not recorded
  // (together these roughly halve the build time).
  cached = buildSchema(sdl, { assumeValidSDL: true, noLocation: true });
  buildMs = performance.now() - started;
  return cached;
}

/** How long the first `loadGithubSchema` took (undefined before it ran), for --verbose and tests. */
export function getSchemaBuildMs(): number | undefined {
  return buildMs;
}
