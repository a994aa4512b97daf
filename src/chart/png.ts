/**
 * SVG → PNG without a browser, with @resvg/resvg-js. resvg cannot fetch anything and, told not to
 * look at the system's fonts, uses exactly the font files it is given: the same SVG gives the same
 * pixels on every machine that has those files. Text needs a font, so a machine without any of the
 * known ones fails with what to install rather than writing a picture with no words in it.
 */
import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";

/** Fonts tried in order: Debian/Ubuntu's fonts-dejavu-core, then fonts-liberation. */
export const DEFAULT_FONT_FILES: readonly (readonly string[])[] = [
  ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"],
  [
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
  ],
];

export interface PngOptions {
  /** Width of the image in pixels (the height follows the SVG's aspect ratio). Default: the SVG's own. */
  width?: number;
  /** Font files to use instead of the defaults (the first one's family is the default family). */
  fontFiles?: readonly string[];
}

/** The font files to hand resvg: the caller's, or the first default set present on this machine. */
export function resolveFontFiles(fontFiles?: readonly string[]): string[] {
  if (fontFiles !== undefined) {
    const missing = fontFiles.filter((f) => !existsSync(f));
    if (missing.length > 0) throw new Error(`PNG fonts: ${missing.join(", ")} not found`);
    if (fontFiles.length === 0) throw new Error("PNG fonts: give at least one font file");
    return [...fontFiles];
  }
  for (const set of DEFAULT_FONT_FILES) {
    const present = set.filter((f) => existsSync(f));
    if (present.length > 0) return present;
  }
  throw new Error(
    "PNG: no font to draw the chart's text with (looked for DejaVu Sans and Liberation Sans under /usr/share/fonts); " +
      "install one (apt-get install fonts-dejavu-core), or write an .svg instead",
  );
}

/** Renders an SVG document to PNG bytes. */
export function renderPng(svg: string, options: PngOptions = {}): Buffer {
  const fontFiles = resolveFontFiles(options.fontFiles);
  if (options.width !== undefined && !(Number.isInteger(options.width) && options.width > 0)) {
    throw new Error(`PNG width ${options.width}: a whole number of pixels above 0`);
  }
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles,
      // DejaVu Sans is what the chart asks for first; when only Liberation is here it stands in.
      defaultFontFamily: fontFiles[0]?.includes("Liberation") ? "Liberation Sans" : "DejaVu Sans",
    },
    ...(options.width !== undefined ? { fitTo: { mode: "width" as const, value: options.width } } : {}),
  });
  return resvg.render().asPng();
}

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const ok =
    signature.every((b, i) => png[i] === b) && String.fromCharCode(...png.subarray(12, 16)) === "IHDR";
  if (!ok) throw new Error("not a PNG image (no PNG signature and IHDR chunk)");
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
