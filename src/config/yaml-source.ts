/**
 * Reads YAML text into plain data (strings, arrays, objects) while remembering where every value
 * and key came from, so validation problems can say FILE:LINE:COLUMN.
 *
 * Why the failsafe schema: YAML 1.1/1.2 resolvers turn unquoted colours into numbers (`008672`
 * becomes 8672, `1e5000` a float, `000000` a zero). With failsafe every scalar is a string exactly
 * as written, and the schema (`schema.ts`) decides what is valid.
 *
 * Why `uniqueKeys: false`: yaml's own duplicate-key error cannot say what went wrong. A duplicate
 * `name` inside a list entry is waku-org/pm's real breakage (a missing `- ` merged two labels), and
 * it deserves a message that says so; the first occurrence is kept so the rest can be validated.
 */
import {
  Composer,
  type CST,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  type Node,
  Parser,
  YAMLParseError,
} from "yaml";

/**
 * How deep the YAML may nest (the parser's stack: document, mappings, lists, scalars). A label file
 * needs about 8; yaml's composer recurses once per level and overflows the stack near 1,000, so a
 * deeper file is refused here, at the line where it goes too deep, before composing.
 */
export const MAX_NESTING = 32;
/**
 * How many times aliases of lists or mappings may be expanded inside an aliased value. Each such
 * expansion copies a value that itself holds aliases, so a few hundred bytes of nested aliases
 * expand to billions of values ("billion laughs"). yaml's own guard, `maxAliasCount` (default 100,
 * weighted the same way: only aliases within aliased values count), applies to `toJS()` only,
 * which this reader does not use (it keeps positions), so the same rule is applied here. Aliases
 * written directly (`color: *red`, `aliases: *old`) do not compound; MAX_ALIAS_VALUES bounds them.
 */
export const MAX_COLLECTION_ALIASES = 100;
/** Values (text, lists, mappings) that aliases may copy in all: a bound on the work, whatever the shape. */
export const MAX_ALIAS_VALUES = 10_000;

export type Path = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  column: number;
}

export interface YamlMessage {
  position: Position;
  message: string;
}

export interface DuplicateKey {
  key: string;
  /** Path of the mapping holding the key twice. */
  mapPath: Path;
  at: Position;
  first: Position;
  /** The mapping is an item of a list (where a missing `- ` is the likely cause). */
  inList: boolean;
}

export interface YamlSource {
  /** The document as plain data; undefined when the file holds no document. */
  value: unknown;
  /** Syntax errors: when there are any, `value` is not to be trusted. */
  errors: YamlMessage[];
  warnings: YamlMessage[];
  duplicates: DuplicateKey[];
  /** Mapping keys that are not plain text (`? [a, b]`). */
  badKeys: YamlMessage[];
  /**
   * Limits that protect the reader (nesting, alias expansion): when there are any, `value` is
   * undefined or incomplete and nothing else is worth reporting.
   */
  refused: YamlMessage[];
  /** Where the value at `path` starts; for a missing path, its nearest existing ancestor. */
  positionOf(path: Path): Position;
  /** Where the key naming `path` starts (falls back to the value's position). */
  keyPositionOf(path: Path): Position;
  /** The comment after an empty value (`color: #d73a4a` is an empty colour and a comment). */
  commentAfterEmpty(path: Path): string | undefined;
}

interface Located {
  node: Node | null;
  key: Node | null;
}

export function readYaml(input: string): YamlSource {
  // Editors on Windows save a byte-order mark, which yaml reads as content; editors don't count it.
  const text = input.replace(/^\uFEFF/, "");
  const lineCounter = new LineCounter();
  const parsed = parseWithinNesting(text, lineCounter);
  if ("tooDeep" in parsed) {
    const tooDeep = parsed.tooDeep;
    const nowhere = () => ({ line: 1, column: 1 });
    return {
      value: undefined,
      errors: [],
      warnings: [],
      duplicates: [],
      badKeys: [],
      refused: [
        {
          position: tooDeep,
          message: `the YAML nests more than ${MAX_NESTING} levels deep here (a label file needs about 8); check the brackets and the indentation`,
        },
      ],
      positionOf: nowhere,
      keyPositionOf: nowhere,
      commentAfterEmpty: () => undefined,
    };
  }
  const doc = parsed.doc;
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const located = new Map<string, Located>();
  const duplicates: DuplicateKey[] = [];
  const badKeys: YamlMessage[] = [];
  const firstLine = (msg: string) => msg.split("\n")[0] ?? msg;
  // One tab in the indentation makes yaml report several confusing errors on that line: say it once.
  const tabLines = new Map<number, number>();
  text.split(/\r?\n/).forEach((line, i) => {
    const indent = /^[ ]*\t/.exec(line);
    if (indent) tabLines.set(i + 1, indent[0].length);
  });
  const errors: YamlMessage[] = [];
  if (doc.errors.length > 0) {
    for (const [line, column] of tabLines) {
      errors.push({
        position: { line, column },
        message: "a tab in the indentation; YAML indents with spaces only",
      });
    }
  }
  for (const e of doc.errors) {
    let position = at(e.pos[0]);
    if (tabLines.has(position.line)) continue;
    let message = firstLine(e.message);
    if (e.code === "MISSING_CHAR" && /quote/.test(message)) {
      // yaml reports an unclosed quote where the file ends; the mistake is where the quote opened.
      const opened = findUnclosedQuote(text);
      if (opened) {
        position = opened;
        message = "a quoted value is never closed (add the closing quote on this line)";
      }
    }
    if (e.code === "MULTIPLE_DOCS") message = "the file holds several YAML documents (---); keep one";
    if (e.code === "BLOCK_AS_IMPLICIT_KEY") {
      message += `; quote a value that contains ": ", e.g. name: "E:1.2: Autosharding for autoscaling"`;
    }
    errors.push({ position, message });
  }
  const warnings = doc.warnings.map((w) => ({ position: at(w.pos[0]), message: firstLine(w.message) }));

  const startOf = (node: Node | null | undefined): number | undefined => node?.range?.[0];

  // Alias expansion is bounded (see MAX_COLLECTION_ALIASES): past a bound, the outermost alias
  // being expanded is reported (the one the user wrote where it blew up) and copying stops, so the
  // cost stays proportional to the file.
  const refused: YamlMessage[] = [];
  let nestedAliases = 0;
  let aliasValues = 0;
  /** Anchored values being expanded right now: an alias to one of them is a cycle. */
  const expanding = new Set<Node>();
  let outermostAlias: Node | undefined;
  const refuse = (node: Node | null | undefined, message: string) =>
    refused.push({ position: at(startOf(node) ?? 0), message });

  // `path.length` is the depth of the value: aliases can nest values deeper than the text does.
  const convert = (node: Node | null, path: Path, keyNode: Node | null): unknown => {
    if (refused.length > 0) return "";
    if (path.length > MAX_NESTING) {
      refuse(
        outermostAlias ?? node,
        `aliases (*name) nest the values here more than ${MAX_NESTING} levels deep; write the values out`,
      );
      return "";
    }
    if (outermostAlias && ++aliasValues > MAX_ALIAS_VALUES) {
      refuse(
        outermostAlias,
        `aliases (*name) copy more than ${MAX_ALIAS_VALUES.toLocaleString("en-US")} values in all: write the values out instead of nesting aliases (this limit stops "billion laughs" files)`,
      );
      return "";
    }
    located.set(keyOf(path), { node, key: keyNode });
    if (node === null) return "";
    if (isAlias(node)) {
      const target = node.resolve(doc) as Node | undefined;
      if (!target) return "";
      if (expanding.has(target)) {
        refuse(node, `alias *${node.source} is inside the value it refers to, so it never ends; remove it`);
        return "";
      }
      // An alias met while copying another alias's value is what grows exponentially.
      if (outermostAlias && !isScalar(target) && ++nestedAliases > MAX_COLLECTION_ALIASES) {
        refuse(
          outermostAlias,
          `aliases (*name) inside aliased values are expanded more than ${MAX_COLLECTION_ALIASES} times: write the values out instead of nesting aliases (this limit stops "billion laughs" files)`,
        );
        return "";
      }
      const outermost = outermostAlias === undefined;
      if (outermost) outermostAlias = node;
      expanding.add(target);
      try {
        return convert(target, path, keyNode);
      } finally {
        expanding.delete(target);
        if (outermost) outermostAlias = undefined;
      }
    }
    if (isScalar(node)) return node.value === null || node.value === undefined ? "" : String(node.value);
    if (isSeq(node)) {
      return node.items.map((item, i) => convert(item as Node | null, [...path, i], null));
    }
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      const seen = new Map<string, Node>();
      const parentIsList = typeof path[path.length - 1] === "number";
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (!isScalar(key) || key.value === null || typeof key.value === "object") {
          const offset = startOf(key) ?? startOf(pair.value as Node | null) ?? node.range?.[0] ?? 0;
          badKeys.push({ position: at(offset), message: "a key must be plain text" });
          continue;
        }
        const name = String(key.value);
        const earlier = seen.get(name);
        if (earlier) {
          duplicates.push({
            key: name,
            mapPath: path,
            at: at(startOf(key) ?? 0),
            first: at(startOf(earlier) ?? 0),
            inList: parentIsList,
          });
          continue;
        }
        seen.set(name, key);
        // defineProperty: a key like `__proto__` must stay an ordinary key.
        Object.defineProperty(result, name, {
          value: convert(pair.value as Node | null, [...path, name], key),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return result;
    }
    return "";
  };

  const converted = doc.contents === null ? undefined : convert(doc.contents as Node, [], null);
  const value = refused.length > 0 ? undefined : converted;

  const nearest = (path: Path): Located | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const found = located.get(keyOf(path.slice(0, n)));
      if (found) return found;
    }
    return undefined;
  };
  const positionOf = (path: Path): Position => {
    const found = nearest(path);
    const offset = startOf(found?.node) ?? startOf(found?.key);
    return offset === undefined ? { line: 1, column: 1 } : at(offset);
  };

  return {
    value,
    errors,
    warnings,
    duplicates,
    badKeys,
    refused,
    positionOf,
    keyPositionOf(path) {
      const found = located.get(keyOf(path));
      const offset = startOf(found?.key);
      return offset === undefined ? positionOf(path) : at(offset);
    },
    commentAfterEmpty(path) {
      const node = located.get(keyOf(path))?.node;
      if (!isScalar(node) || (node.value !== "" && node.value !== null)) return undefined;
      return node.comment?.trim() || undefined;
    },
  };
}

/**
 * The document, read in one pass, or where the text first nests deeper than MAX_NESTING. yaml's
 * lexer and parser are iterative (only its composer recurses), so the depth is watched while they
 * run and the composer only ever sees a text within the limit. This is yaml's `parseDocument`
 * (failsafe schema, duplicate keys kept for `readYaml` to report) with that check in the middle:
 * lexing and parsing once, not once to check and again to compose, is a fifth of `lint`'s time.
 */
function parseWithinNesting(
  text: string,
  lineCounter: LineCounter,
): { doc: Document.Parsed } | { tooDeep: Position } {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    const offset = parser.offset;
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > MAX_NESTING) return { tooDeep: positionInText(text, offset) };
  }
  for (const token of parser.end()) tokens.push(token);
  const composer = new Composer({ schema: "failsafe", uniqueKeys: false, prettyErrors: false });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(
        new YAMLParseError(
          [next.range[0], next.range[1]],
          "MULTIPLE_DOCS",
          "Source contains multiple documents; please use YAML.parseAllDocuments()",
        ),
      );
      break;
    }
  }
  // compose(…, forceDoc = true) yields a document even for an empty text.
  return { doc: doc! };
}

/** Line and column (1-based, in UTF-16 units like yaml's LineCounter) of an offset. */
function positionInText(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** First line whose value opens a quote that the line does not close. */
function findUnclosedQuote(text: string): Position | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = /^(\s*(?:-\s+)*(?:[^\s"'#][^:#]*:\s+)?)(["'])/.exec(line);
    if (!m) continue;
    const quote = m[2]!;
    const rest = line.slice(m[1]!.length + 1);
    // Inside double quotes a backslash escapes; inside single quotes '' is a literal quote.
    const closed = quote === '"' ? /^(?:[^"\\]|\\.)*"/.test(rest) : /^(?:[^']|'')*'(?!')/.test(rest);
    if (!closed) return { line: i + 1, column: m[1]!.length + 1 };
  }
  return undefined;
}

function keyOf(path: Path): string {
  return JSON.stringify(path);
}
