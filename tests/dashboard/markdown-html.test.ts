import { describe, expect, it } from "vitest";
import { inlineHtml, markdownToHtml } from "../../src/dashboard/markdown-html.js";
import { WEEKLY_REPORT } from "../fixtures/chart/gen0.js";

describe("markdownToHtml", () => {
  it("renders headings (shifted under the page's), lists, links, bold and italic", () => {
    const html = markdownToHtml(
      "# Week\n\n## [Gen 0](https://github.com/waku-org/pm/issues/50) - 2023-12-01\n- _achieved_: **two** epics\n- *next*: close",
      { headingOffset: 2 },
    );
    expect(html).toBe(
      [
        "<h3>Week</h3>",
        '<h4><a href="https://github.com/waku-org/pm/issues/50">Gen 0</a> - 2023-12-01</h4>',
        "<ul>",
        "<li><em>achieved</em>: <strong>two</strong> epics",
        "</li>",
        "<li><em>next</em>: close",
        "</li>",
        "</ul>",
      ].join("\n"),
    );
  });

  it("nests lists by indentation and keeps paragraphs apart", () => {
    const html = markdownToHtml("intro line\nsame paragraph\n\n- a\n  - a1\n  - a2\n- b\n\n1. one\n2. two");
    expect(html).toBe(
      [
        "<p>intro line same paragraph</p>",
        "<ul>",
        "<li>a",
        "<ul>",
        "<li>a1",
        "</li>",
        "<li>a2",
        "</li>",
        "</ul>",
        "</li>",
        "<li>b",
        "</li>",
        "</ul>",
        "<ol>",
        "<li>one",
        "</li>",
        "<li>two",
        "</li>",
        "</ol>",
      ].join("\n"),
    );
  });

  it("never lets raw HTML through, and links only to http(s)", () => {
    const html = markdownToHtml(
      '<script>alert(1)</script>\n- <img src=x onerror="alert(1)">\n- [x](javascript:alert(1)) [y](data:text/html,hi) [z](https://ok.example/a_(b))',
    );
    expect(html).not.toMatch(/<(script|img)/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).not.toContain("javascript:");
    expect(html).toContain('<li>x y <a href="https://ok.example/a_(b)">z</a>');
  });

  it("keeps an attribute from being closed by a quote in a URL", () => {
    expect(inlineHtml('[a](https://x.example/"onmouseover=alert(1))')).toBe("a");
    expect(inlineHtml("<https://x.example/?a=1&b=2>")).toBe(
      '<a href="https://x.example/?a=1&amp;b=2">https://x.example/?a=1&amp;b=2</a>',
    );
  });

  it("reads markdown's escapes and entities as text, and code as code", () => {
    expect(inlineHtml("\\[nwaku\\] \\_x\\_ &lt;b&gt; & `a <b> *c*`")).toBe(
      "[nwaku] _x_ &lt;b&gt; &amp; <code>a &lt;b&gt; *c*</code>",
    );
  });

  it("leaves snake_case and lone stars alone", () => {
    expect(inlineHtml("set max_msg_size and 2 * 3 * 4")).toBe("set max_msg_size and 2 * 3 * 4");
  });

  it("renders fenced code without interpreting it", () => {
    expect(markdownToHtml("```\n<b>**x**</b>\n```\nafter")).toBe(
      "<pre><code>&lt;b&gt;**x**&lt;/b&gt;</code></pre>\n<p>after</p>",
    );
  });

  it("renders the weekly report's shape: bold repository links, italic keys, headings per epic", () => {
    const html = markdownToHtml(WEEKLY_REPORT, { headingOffset: 2 });
    expect(html).toContain(
      '<p><strong>[nwaku] <a href="https://github.com/waku-org/nwaku/issues/1922">bug: autosharding config flags drops messages under load</a></strong></p>',
    );
    expect(html).toContain(
      '<h5><a href="https://github.com/waku-org/pm/issues/65">1.2: Autosharding for autoscaling</a></h5>',
    );
    expect(html).toContain(
      "<li><em>achieved</em>: addressed review comments on <code>--pubsub-topic</code> flags",
    );
    expect(html).toContain("<p><em>No weekly update on the tracking issue in this window.</em></p>");
  });
});
