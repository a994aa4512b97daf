// Regenerates docs/dashboard.png, the README's picture of the dashboard: run `npm run demo` (it
// writes demo-site/), then `node scripts/screenshot-dashboard.mjs`. Needs Debian's chromium.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./chromium.mjs";

const page = pathToFileURL(resolve("demo-site/index.html")).href;
const context = await launchChromium(mkdtempSync(join(tmpdir(), "waku-pm-shot-")), {
  width: 1280,
  height: 1500,
});
const tab = await context.newPage();
await tab.goto(page, { waitUntil: "load" });
await tab.screenshot({ path: "docs/dashboard.png" });
await context.close();
process.stdout.write("wrote docs/dashboard.png\n");
