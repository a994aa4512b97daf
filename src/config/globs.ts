/**
 * Repository name globs for `repos.include` / `repos.exclude`: `*` (any run of characters), `?`
 * (one character), `[abc]` / `[a-z]` / `[!abc]` (a class). Matching ignores case, like GitHub's
 * repository names. Pure functions: the config validator and sync-labels share them.
 */

const REPO_CHAR = /[A-Za-z0-9._-]/;

/** Why a pattern is not a usable repository glob, or undefined when it is fine. */
export function describeGlobError(pattern: string): string | undefined {
  if (pattern.length === 0) return "is empty (write a repository name or a glob such as js-*)";
  if (pattern.includes("/")) {
    return `${JSON.stringify(pattern)} contains "/": write the repository name only, the organisation comes from \`org\``;
  }
  let inClass = false;
  let classStart = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (inClass) {
      if (ch === "]" && i > classStart + 1) inClass = false;
      continue;
    }
    if (ch === "[") {
      inClass = true;
      classStart = pattern[i + 1] === "!" ? i + 1 : i;
      continue;
    }
    if (ch === "*" || ch === "?") continue;
    if (ch === "]") return `${JSON.stringify(pattern)} has a "]" without a matching "["`;
    if (!REPO_CHAR.test(ch)) {
      return `${JSON.stringify(pattern)} contains ${JSON.stringify(ch)}, which no repository name can (letters, digits, ".", "-", "_" and the globs * ? [..])`;
    }
  }
  if (inClass) return `${JSON.stringify(pattern)} has a "[" that is never closed`;
  return undefined;
}

/** Compiles a valid glob (see describeGlobError) into an anchored, case-insensitive RegExp. */
export function compileRepoGlob(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "*") source += ".*";
    else if (ch === "?") source += ".";
    else if (ch === "[") {
      // The first character of a class (after "!") may itself be "]", as in fnmatch.
      const end = pattern.indexOf("]", pattern[i + 1] === "!" ? i + 3 : i + 2);
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith("!");
      if (negate) body = body.slice(1);
      source += `[${negate ? "^" : ""}${body.replace(/[\\^\]]/g, "\\$&")}]`;
      i = end;
    } else source += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "i");
}

/** True when `name` matches one of `include` and none of `exclude`. */
export function selectRepo(name: string, include: readonly string[], exclude: readonly string[]): boolean {
  const matches = (pattern: string) => compileRepoGlob(pattern).test(name);
  return include.some(matches) && !exclude.some(matches);
}

/** True when `name` is listed literally (no glob) in `patterns`, ignoring case: forks need this. */
export function namesRepoExplicitly(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => !/[*?[]/.test(p) && p.toLowerCase() === name.toLowerCase());
}
