// @ts-check
// The pairing screen's words for where the code appears: the notification area on Windows, the
// tray on Linux (pure function, no browser needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trayPlace, isWindows } from '../extension/ui/tray-place.js';

test('Windows is told about the icon in the notification area, never a tray', () => {
  for (const platform of ['Windows', 'Win32', 'win']) {
    assert.ok(isWindows(platform), platform);
    const words = trayPlace(platform).join('');
    assert.equal(words, 'the menu of the Vault Raider icon in the notification area');
    assert.doesNotMatch(words, /tray/);
  }
});

test('Linux (and an unknown platform) is told about the tray menu', () => {
  for (const platform of ['Linux', 'Linux x86_64', '', undefined]) {
    assert.equal(isWindows(platform), false, String(platform));
    assert.equal(trayPlace(platform).join(''), 'the Vault Raider tray menu');
  }
});
