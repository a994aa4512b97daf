// The one way this project starts a browser (the dashboard's browser tests and
// scripts/screenshot-dashboard.mjs): Debian's chromium, driven by playwright-core, headless, with
// no network of its own and a fresh profile each time.
import { chromium } from "playwright-core";

/** Where Chromium is: WAKU_PM_CHROMIUM, else Debian's package (apt-get install -y chromium). */
export const CHROMIUM = process.env.WAKU_PM_CHROMIUM ?? "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A browser context on the profile folder `profile` (a fresh, empty one), with this viewport. */
export function launchChromium(profile, viewport) {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
  });
}
