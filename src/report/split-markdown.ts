/**
 * A markdown document as blocks that must not be cut (a heading, a paragraph, one list item, a
 * table), and splitting it into numbered parts that each fit in a GitHub issue body (65,536
 * characters). Each part is valid markdown on its own: it opens with the title and "part N of M",
 * repeats the headings it continues under ("… (continued)"), never ends on a heading, and a table
 * cut between rows repeats its header row. Pure.
 */

/** GitHub refuses an issue or comment body longer than this (characters). */
export const GITHUB_BODY_LIMIT = 65_536;

export type Block =
  | { kind: "heading"; level: 2 | 3; text: string }
  | { kind: "para"; text: string }
  /** One list item (its continuation lines included); consecutive items form one list. */
  | { kind: "item"; text: string }
  /** `head` is the header row and the rule row; each row one line. */
  | { kind: "table"; head: string; rows: string[] };

function blockText(block: Block): string {
  switch (block.kind) {
    case "heading":
      return `${"#".repeat(block.level)} ${block.text}`;
    case "para":
    case "item":
      return block.text;
    case "table":
      return [block.head, ...block.rows].join("\n");
  }
}

function separator(previous: Block | undefined, next: Block): string {
  if (previous === undefined) return "";
  return previous.kind === "item" && next.kind === "item" ? "\n" : "\n\n";
}

/** The blocks as one markdown text (no trailing newline). */
export function renderBlocks(blocks: readonly Block[]): string {
  let out = "";
  let previous: Block | undefined;
  for (const block of blocks) {
    out += separator(previous, block) + blockText(block);
    previous = block;
  }
  return out;
}

interface Placed {
  block: Block;
  /** The level-2 and level-3 headings in force before this block. */
  context: { h2?: string; h3?: string };
}

function withContext(blocks: readonly Block[]): Placed[] {
  let h2: string | undefined;
  let h3: string | undefined;
  return blocks.map((block) => {
    const placed: Placed = {
      block,
      context: { ...(h2 !== undefined ? { h2 } : {}), ...(h3 !== undefined ? { h3 } : {}) },
    };
    if (block.kind === "heading") {
      if (block.level === 2) {
        h2 = block.text;
        h3 = undefined;
      } else h3 = block.text;
    }
    return placed;
  });
}

/** The headings a part repeats when it starts inside a section. */
function contextBlocks(first: Placed): Block[] {
  const { block, context } = first;
  const out: Block[] = [];
  const startsSection = block.kind === "heading";
  if (context.h2 !== undefined && !(startsSection && block.level === 2)) {
    out.push({ kind: "heading", level: 2, text: `${context.h2} (continued)` });
  }
  if (context.h3 !== undefined && !startsSection) {
    out.push({ kind: "heading", level: 3, text: `${context.h3} (continued)` });
  }
  return out;
}

function partHeader(title: string, label: string): string {
  return `<!-- ${label} -->\n# ${title} (${label})\n\n`;
}

/**
 * The document `# title` + blocks, whole when it fits in `limit` characters, else in parts of at
 * most `limit` characters each (every part ends with a newline, counted).
 */
export function splitMarkdown(
  title: string,
  blocks: readonly Block[],
  options: { limit?: number; what?: string } = {},
): string[] {
  const limit = options.limit ?? GITHUB_BODY_LIMIT;
  const what = options.what ?? "report";
  const whole = `# ${title}\n\n${renderBlocks(blocks)}\n`;
  if (whole.length <= limit) return [whole];

  // Sized with the longest label a part could get, so the real (shorter) one always fits.
  const worst = partHeader(title, `${what}: part 9999 of 9999`).length;
  const parts: Placed[][] = [];
  let current: Placed[] = [];
  let used = 0;
  const start = (first: Placed) => {
    current = [];
    used = worst + renderBlocks(contextBlocks(first)).length + 2 + 1;
  };
  const cost = (placed: Placed) =>
    separator(current.at(-1)?.block, placed.block).length + blockText(placed.block).length;
  const flush = (next: Placed) => {
    // A part never ends on a heading: the heading moves on with what it introduces.
    const carried: Placed[] = [];
    while (current.length > 1 && current.at(-1)?.block.kind === "heading")
      carried.unshift(current.pop() as Placed);
    parts.push(current);
    const first = carried[0] ?? next;
    start(first);
    for (const c of carried) {
      used += cost(c);
      current.push(c);
    }
  };

  const queue = withContext(blocks);
  if (queue[0]) start(queue[0]);
  while (queue.length > 0) {
    const placed = queue.shift() as Placed;
    const room = limit - used;
    if (cost(placed) <= room) {
      used += cost(placed);
      current.push(placed);
      continue;
    }
    const { block } = placed;
    if (block.kind === "table" && block.rows.length > 1) {
      // Cut between rows: as many as fit here (at least one per part), the rest with the header again.
      let n = 0;
      const sep = separator(current.at(-1)?.block, block).length;
      let size = sep + block.head.length;
      while (n < block.rows.length && size + 1 + (block.rows[n]?.length ?? 0) <= room) {
        size += 1 + (block.rows[n]?.length ?? 0);
        n++;
      }
      if (n > 0) {
        current.push({ ...placed, block: { ...block, rows: block.rows.slice(0, n) } });
        used += size;
        queue.unshift({ ...placed, block: { ...block, rows: block.rows.slice(n) } });
        flush(queue[0] as Placed);
        continue;
      }
    }
    if (current.length > 0) {
      queue.unshift(placed);
      flush(placed);
      continue;
    }
    // One block larger than a whole part (a single enormous update line): cut it, and say so.
    const note = " … (cut here: too long for one GitHub issue)";
    const keep = Math.max(0, room - note.length - 1);
    const text = blockText(block).slice(0, keep) + note;
    const cut: Block = block.kind === "item" ? { kind: "item", text } : { kind: "para", text };
    used += cost({ ...placed, block: cut });
    current.push({ ...placed, block: cut });
  }
  if (current.length > 0) parts.push(current);

  return parts.map((part, i) => {
    const label = `${what}: part ${i + 1} of ${parts.length}`;
    const first = part[0] as Placed;
    const heading = i === 0 ? [] : contextBlocks(first);
    return `${partHeader(title, label)}${renderBlocks([...heading, ...part.map((p) => p.block)])}\n`;
  });
}
