// @ts-check
// The extension a player gets from the binary alone: `vault-raider extension --out DIR` writes
// it, Chromium loads that folder (not the repository's), and its popup pairs with the daemon and
// shows the inventory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchWithExtension, EXTENSION_ID } from './browser.mjs';
import { KIND, startDaemon } from './daemon.mjs';
import { demoBinary } from './demo-daemon.mjs';
import { pairedPopup } from './pair.mjs';

let daemon;
let browser;
let dir;

before(async () => {
  daemon = await startDaemon();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vr-extension-'));
  const printed = execFileSync(process.env.VR_BIN ?? demoBinary(), ['extension', '--out', dir], { encoding: 'utf8' });
  assert.match(printed, /Load unpacked/);
  assert.match(printed, /Load Temporary Add-on/);
  browser = await launchWithExtension(dir);
});

after(async () => {
  await browser?.close();
  await daemon?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the exported extension loads with its pinned id, pairs and shows the inventory', { skip: KIND !== 'demo' && 'the export test needs the binary' }, async () => {
  assert.equal(browser.extensionId, EXTENSION_ID);
  const popup = await pairedPopup(browser, daemon);
  assert.ok(await popup.locator('#characters .character').count() >= 1);
});
