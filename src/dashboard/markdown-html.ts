/**
 * The weekly report's markdown as HTML for the dashboard, by a small and strict renderer: headings,
 * paragraphs, lists (nested by indentation), links, autolinks, bold, italic, code spans, fenced
 * code and rules. Everything else is text: every character that means something in HTML is
 * escaped, raw HTML in the markdown is shown as written and never becomes markup, and a link only
 * becomes one when it points to http(s). The report quotes people's weekly updates, so its text is
 * untrusted, and the page must stay a page that runs no script.
 */
import { escapeXml } from "../chart/format.js";

export interface MarkdownHtmlOptions {
  /** Added to every heading level (a report's `#` under the page's `<h2>` is an `<h3>` with 2). */
  headingOffset?: number;
}

// Markdown's backslash escapes: any ASCII punctuation.
const ESCAPABLE = /[!-/:-@[-`{-~]/;
// Entities kept as they are (they are text, never markup): the report writes `&lt;` for a `<`.
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/;

function safeUrl(url: string): string | null {
  const trimmed = url.trim();
  return /^https?:\/\/[^\s<>"]+$/i.test(trimmed) ? trimmed : null;
}

/** Finds the `]` closing the `[` at `open`, counting nested brackets and skipping escapes. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return i;
  }
  return -1;
}

/** Finds the `)` closing a link target starting at `from`, allowing balanced parentheses inside. */
function closingParen(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
    else if (c === " " || c === "\n") return -1;
  }
  return -1;
}

const WORD = /[\p{L}\p{N}]/u;

/** Inline markdown → HTML. `inLink`: no links inside a link's text. */
export function inlineHtml(text: string, inLink = false): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const rest = text.slice(i);
    if (c === "\\" && i + 1 < text.length && ESCAPABLE.test(text[i + 1]!)) {
      out += escapeXml(text[i + 1]!);
      i += 2;
      continue;
    }
    if (c === "&") {
      const entity = ENTITY.exec(rest);
      out += entity ? entity[0] : "&amp;";
      i += entity ? entity[0].length : 1;
      continue;
    }
    if (c === "`") {
      const run = /^`+/.exec(rest)![0];
      const end = text.indexOf(run, i + run.length);
      if (end > 0) {
        out += `<code>${escapeXml(text.slice(i + run.length, end).trim())}</code>`;
        i = end + run.length;
        continue;
      }
      out += escapeXml(run);
      i += run.length;
      continue;
    }
    if (c === "<" && !inLink) {
      const auto = /^<(https?:\/\/[^\s<>"]+)>/i.exec(rest);
      if (auto) {
        const url = escapeXml(auto[1]!);
        out += `<a href="${url}">${url}</a>`;
        i += auto[0].length;
        continue;
      }
    }
    if (c === "[" && !inLink) {
      const close = closingBracket(text, i);
      if (close > 0 && text[close + 1] === "(") {
        const end = closingParen(text, close + 2);
        if (end > 0) {
          const label = inlineHtml(text.slice(i + 1, close), true);
          const url = safeUrl(text.slice(close + 2, end));
          // A link to anything but http(s) (javascript:, data:, a relative path) stays plain text.
          out += url ? `<a href="${escapeXml(url)}">${label}</a>` : label;
          i = end + 1;
          continue;
        }
      }
    }
    if (c === "*" || c === "_") {
      const strong = rest.startsWith(c + c);
      const delim = strong ? c + c : c;
      const before = i > 0 ? text[i - 1]! : " ";
      const after = text[i + delim.length] ?? " ";
      // `snake_case` is not emphasis: `_` opens only at a word's start; nothing opens before a space.
      const opens = after !== " " && !(c === "_" && WORD.test(before));
      if (opens) {
        let end = text.indexOf(delim, i + delim.length);
        while (end > 0) {
          const prev = text[end - 1]!;
          const next = text[end + delim.length] ?? " ";
          const closes =
            prev !== " " &&
            prev !== "\\" &&
            !(c === "_" && WORD.test(next)) &&
            (strong || text[end + 1] !== c);
          if (closes) break;
          end = text.indexOf(delim, end + 1);
        }
        if (end > 0) {
          const tag = strong ? "strong" : "em";
          out += `<${tag}>${inlineHtml(text.slice(i + delim.length, end), inLink)}</${tag}>`;
          i = end + delim.length;
          continue;
        }
      }
    }
    out += escapeXml(c);
    i++;
  }
  return out;
}

interface ListFrame {
  indent: number;
  tag: "ul" | "ol";
}

/** Markdown → an HTML fragment (no raw HTML passes through). */
export function markdownToHtml(markdown: string, options: MarkdownHtmlOptions = {}): string {
  const offset = options.headingOffset ?? 0;
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  const lists: ListFrame[] = [];
  let paragraph: string[] = [];
  let itemOpen = false;

  const flushParagraph = (): void => {
    if (paragraph.length > 0) out.push(`<p>${inlineHtml(paragraph.join(" "))}</p>`);
    paragraph = [];
  };
  const closeItem = (): void => {
    if (itemOpen) out.push("</li>");
    itemOpen = false;
  };
  const closeLists = (toIndent = -1): void => {
    while (lists.length > 0 && lists.at(-1)!.indent > toIndent) {
      closeItem();
      out.push(`</${lists.pop()!.tag}>`);
      itemOpen = lists.length > 0;
    }
  };
  const endBlocks = (): void => {
    flushParagraph();
    closeLists();
  };

  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      endBlocks();
      const body: string[] = [];
      let k = n + 1;
      while (k < lines.length && !lines[k]!.trimStart().startsWith(fence[1]!)) body.push(lines[k++]!);
      out.push(`<pre><code>${escapeXml(body.join("\n"))}</code></pre>`);
      n = k;
      continue;
    }
    if (line.trim() === "") {
      flushParagraph();
      continue;
    }
    const heading = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+\s*)?$/.exec(line);
    if (heading) {
      endBlocks();
      const level = Math.min(6, heading[1]!.length + offset);
      out.push(`<h${level}>${inlineHtml(heading[2]!)}</h${level}>`);
      continue;
    }
    if (/^ {0,3}([-*_])(?:\s*\1){2,}\s*$/.test(line)) {
      endBlocks();
      out.push("<hr>");
      continue;
    }
    const item = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/.exec(line);
    if (item) {
      flushParagraph();
      const indent = item[1]!.replace(/\t/g, "    ").length;
      const tag = /\d/.test(item[2]!) ? "ol" : "ul";
      closeLists(indent);
      const top = lists.at(-1);
      if (!top || indent > top.indent) {
        lists.push({ indent, tag });
        out.push(`<${tag}>`);
      } else if (top.tag !== tag) {
        closeLists(indent - 1);
        lists.push({ indent, tag });
        out.push(`<${tag}>`);
      } else {
        closeItem();
      }
      out.push(`<li>${inlineHtml(item[3]!)}`);
      itemOpen = true;
      continue;
    }
    if (lists.length > 0 && /^\s+\S/.test(line) && paragraph.length === 0) {
      // A continuation line of the list item above.
      out.push(` ${inlineHtml(line.trim())}`);
      continue;
    }
    closeLists();
    paragraph.push(line.trim().replace(/^>\s?/, ""));
  }
  endBlocks();
  return out.join("\n");
}
