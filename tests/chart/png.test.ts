import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderBurnUp } from "../../src/chart/burnup.js";
import { DEFAULT_FONT_FILES, pngSize, renderPng, resolveFontFiles } from "../../src/chart/png.js";
import { gen0 } from "../fixtures/chart/gen0.js";

const svg = renderBurnUp(gen0().history, { today: "2023-11-27" });
const hasFont = DEFAULT_FONT_FILES.flat().some((f) => existsSync(f));

describe("renderPng", () => {
  it.runIf(hasFont)("writes a PNG of the asked width, the height following the chart's shape", () => {
    const png = renderPng(svg, { width: 1440 });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngSize(png)).toEqual({ width: 1440, height: 800 });
    expect(pngSize(renderPng(svg))).toEqual({ width: 720, height: 400 });
  });

  it.runIf(hasFont)("gives the same pixels twice (fonts from files, never from the system)", () => {
    expect(renderPng(svg).equals(renderPng(svg))).toBe(true);
  });

  it.runIf(hasFont)("draws the text: a chart without its words is a different picture", () => {
    const noText = svg.replace(/<text[^>]*>[^<]*<\/text>/g, "");
    expect(renderPng(noText).equals(renderPng(svg))).toBe(false);
  });

  it("names a font file that is not there, and a bad width", () => {
    expect(() => renderPng(svg, { fontFiles: ["/nowhere/Font.ttf"] })).toThrow(
      "PNG fonts: /nowhere/Font.ttf not found",
    );
    expect(() => resolveFontFiles([])).toThrow("give at least one font file");
    expect(() => renderPng(svg, { width: 0, ...(hasFont ? {} : { fontFiles: [] }) })).toThrow();
  });

  it("refuses bytes that are not a PNG", () => {
    expect(() => pngSize(Buffer.from(svg))).toThrow("not a PNG image");
  });
});
