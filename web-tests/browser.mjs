// @ts-check
// Headless Debian Chromium through playwright-core (STACK.md §4): a persistent context with the
// unpacked extension loaded, or a plain browser for the overlay. Never downloads a browser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The unpacked extension's folder. */
export const EXTENSION_DIR = path.resolve(here, '..', 'extension');
/** Where screenshots go (git-ignored). */
export const ARTIFACTS = path.join(here, 'artifacts');
/** The extension id its manifest key pins (see extension/README.md). */
export const EXTENSION_ID = 'kihckelfkjonpclbnijcicclgdclolim';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const COMMON_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--force-color-profile=srgb', '--font-render-hinting=none'];

/**
 * Launches Chromium with the extension in `dir` (the repository's, by default); returns
 * `{context, extensionId, worker, openPopup, close}`.
 */
export async function launchWithExtension(dir = EXTENSION_DIR) {
  if (!fs.existsSync(path.join(dir, 'lib', 'rpc.js'))) throw new Error(`${dir}/lib is missing (run \`npm run build\` first)`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vr-chromium-'));
  let context;
  let worker;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`, ...COMMON_ARGS],
      viewport: { width: 480, height: 600 },
    });
    worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
  } catch (error) {
    // A start that fails leaves no profile directory behind.
    await context?.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    /** Stores the daemon's port the way the options page does. */
    setPort: (port) => worker.evaluate((p) => chrome.storage.local.set({ port: p }), port),
    /** Opens the popup as a tab with the popup's size. */
    openPopup: async () => {
      const page = await context.newPage();
      await page.setViewportSize({ width: 480, height: 600 });
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      return page;
    },
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Launches a plain headless Chromium (for the overlay). */
export function launchPlain() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: COMMON_ARGS });
}

/** Saves a full-page screenshot as web-tests/artifacts/NAME.png. */
export async function shot(page, name, options = {}) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), ...options });
}
