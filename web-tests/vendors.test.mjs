// @ts-check
// The popup's Vendors, Collections and Clan views, in real headless
// Chromium against the daemon under test (daemon.mjs): offers with their costs, owned / not owned,
// "can't afford" (after an exotic bought in game), the "Not owned only" filter and Refresh
// (`vendors.list {refresh: true}`); a collections search with each state and the daemon's message
// for a filter it does not know; the clan roster with the member online first, and "You are not in
// a clan." from a second demo started with `--clan off`.
// Screenshots go to web-tests/artifacts/, 30-*.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KIND, startDaemon } from './daemon.mjs';
import { launchWithExtension, shot } from './browser.mjs';
import { pairedPopup } from './pair.mjs';
/**
 * @import { Page } from 'playwright-core'
 * @import { Daemon } from './daemon.mjs'
 */

/** @type {Daemon} */
let daemon;
/** @type {Awaited<ReturnType<typeof launchWithExtension>>} */
let browser;
/** @type {Page} */
let popup;

/**
 * Fails when the text shows "null", "undefined" or "NaN" (also glued to a number, as "null91,422").
 * @param {string} text
 * @param {string} where
 */
function noNulls(text, where) {
  assert.doesNotMatch(text, /null|undefined|NaN/, `${where}: ${text.match(/.{0,40}(null|undefined|NaN).{0,40}/s)?.[0]}`);
}

/** Hawkmoon, which Xûr sells and the sample account lacks: its collectible is made obscured. */
const HAWKMOON = 3856705927;

before(async () => {
  daemon = await startDaemon();
  // Before any view reads collections (the daemon keeps them a minute): the game keeps Hawkmoon's
  // collectible obscured (NotAcquired | Obscured).
  await daemon.sim('/sim/collections/state', { itemHash: HAWKMOON, state: 3 });
  browser = await launchWithExtension();
  popup = await pairedPopup(browser, daemon);
});

after(async () => {
  await browser?.close();
  await daemon?.close();
});

/** The character the popup shows. */
async function selectedId() {
  return await popup.locator('#characters .character[aria-pressed="true"]').getAttribute('data-character-id') ?? '';
}

test('Vendors lists the selected character\'s vendors with each offer\'s cost, owned mark and "can\'t afford"', { skip: KIND === 'attached' && !process.env.VR_SIM_URL && 'needs VR_SIM_URL to buy in game' }, async () => {
  const characterId = await selectedId();
  // Bought in game, Xûr's exotic turns owned and the coins left no longer buy his others; the
  // daemon hears it with a refresh (what the popup's Refresh asks for).
  const offered = await daemon.admin('vendors.list', { characterId });
  const xur = offered.vendors.find((v) => v.items.some((o) => o.owned === false && o.cost.some((c) => c.name === 'Strange Coin')));
  const exotic = xur?.items.find((o) => o.owned === false);
  assert.ok(xur && exotic, 'Xûr sells an exotic not owned');
  await daemon.sim('/sim/game/buy', { characterId, vendorHash: xur.hash, vendorItemIndex: exotic.vendorItemIndex });
  const expected = await daemon.admin('vendors.list', { characterId, refresh: true });
  await popup.click('#view-vendors');
  assert.equal(await popup.locator('#view-vendors').getAttribute('aria-selected'), 'true');
  await popup.locator('#vendors .vendor').first().waitFor();
  const sections = popup.locator('#vendors .vendor');
  assert.equal(await sections.count(), expected.vendors.length);
  const offers = expected.vendors.flatMap((v) => v.items);
  assert.equal(await popup.locator('#vendors .offer').count(), offers.length);
  const first = expected.vendors[0];
  const head = await sections.first().locator('.vendor-head').innerText();
  assert.match(head, new RegExp(first.name));
  if (first.location) assert.match(head, new RegExp(first.location));
  if (first.refreshesAt) assert.match(head, /new stock in \d+[dhm]/);
  // Every offer: its name, a cost "Currency × n", its mark.
  for (const offer of offers) {
    const row = popup.locator(`#vendors .offer[data-item-id="${offer.item.id}"]`);
    const text = await row.innerText();
    assert.match(text, new RegExp(offer.item.name));
    assert.match(text, new RegExp(offer.item.type));
    for (const c of offer.cost) assert.match(text, new RegExp(`${c.name} × ${c.quantity.toLocaleString('en-US')}`));
    if (offer.owned === true) assert.match(text, /\bOwned\b/);
    if (offer.owned === false) assert.match(text, /Not owned/);
    if (offer.owned === undefined) assert.doesNotMatch(text, /Owned|Not owned/i);
    if (offer.affordable === false) assert.match(text, /Can't afford/);
    else assert.doesNotMatch(text, /Can't afford/);
  }
  assert.ok(offers.some((o) => o.owned === true) && offers.some((o) => o.owned === false), 'the sample sells owned and unowned items');
  assert.ok(offers.some((o) => o.affordable === false), 'something the account cannot afford now');
  assert.ok(await popup.locator('#vendors .offer.unaffordable').count() >= 1);
  assert.ok(await popup.locator('#vendors img.offer-icon, #vendors .offer-icon.placeholder').count() >= offers.length);
  assert.match(await popup.locator('#vendors-read').innerText(), /Read at \d\d:\d\d:\d\d/);
  noNulls(await popup.locator('#vendors-panel').innerText(), 'Vendors view');
  await shot(popup, '30-vendors');
  await shot(popup, '30-vendors-full', { fullPage: true });
});

test('"Not owned only" leaves the offers whose collectible is not owned, and gives the rest back', async () => {
  const all = await popup.locator('#vendors .offer').count();
  await popup.check('#vendors-not-owned');
  await popup.locator('#vendors .offer[data-owned="true"]').first().waitFor({ state: 'detached' });
  const marks = await popup.locator('#vendors .offer').evaluateAll((els) => els.map((e) => e.dataset.owned));
  assert.ok(marks.length >= 1 && marks.length < all);
  assert.deepEqual([...new Set(marks)], ['false']);
  await shot(popup, '31-vendors-not-owned');
  await popup.uncheck('#vendors-not-owned');
  await popup.locator('#vendors .offer[data-owned="true"]').first().waitFor();
  assert.equal(await popup.locator('#vendors .offer').count(), all);
});

test('Refresh asks Bungie.net again (`refresh: true`): the answer\'s read time moves on', async () => {
  const before = (await daemon.admin('vendors.list', { characterId: await selectedId() })).readAt;
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await popup.click('#vendors-refresh');
  await popup.locator('#vendors-refresh', { hasText: /^Refresh$/ }).waitFor();
  await popup.waitForFunction((old) => {
    const t = document.getElementById('vendors-read')?.textContent;
    return t && !t.includes(old);
  }, new Date(Date.parse(before)).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' }));
  const after = (await daemon.admin('vendors.list', { characterId: await selectedId() })).readAt;
  assert.ok(Date.parse(after) > Date.parse(before), `${after} after ${before}`);
});

test('Collections searches with the box: states, sources, is:owned / -is:owned, and the daemon\'s message for another filter', async () => {
  await popup.click('#view-collections');
  await popup.locator('#collections .collectible').first().waitFor();
  assert.match(await popup.locator('#collections-hint').innerText(), /is:owned[\s\S]*-is:owned/);
  const everything = await daemon.admin('collections.search', { query: '', limit: 200 });
  assert.equal(await popup.locator('#collections .collectible').count(), everything.collectibles.length);
  const states = await popup.locator('#collections .collectible').evaluateAll((els) => els.map((e) => /** @type {HTMLElement} */ (e).dataset.state));
  const present = new Set(everything.collectibles.map((c) => c.state));
  assert.deepEqual(new Set(states), present, 'each state the daemon gives is shown');
  for (const s of ['acquired', 'not_acquired']) assert.ok(states.includes(s), `a collectible ${s}`);
  const text = await popup.locator('#collections').innerText();
  if (present.has('acquired')) assert.match(text, /Acquired/);
  if (present.has('not_acquired')) assert.match(text, /Not acquired/);
  if (present.has('obscured')) assert.match(text, /Obscured/);
  assert.match(text, /Source: /);
  noNulls(await popup.locator('#collections-panel').innerText(), 'Collections view');
  await shot(popup, '32-collections');

  await popup.fill('#collections-search', '-is:owned');
  await popup.waitForFunction(() => document.querySelectorAll('#collections .collectible[data-state="acquired"]').length === 0
    && document.querySelectorAll('#collections .collectible').length > 0);
  const lacking = await daemon.admin('collections.search', { query: '-is:owned' });
  assert.equal(await popup.locator('#collections .collectible').count(), lacking.collectibles.length);

  const owned = await daemon.admin('collections.search', { query: 'is:owned' });
  const word = owned.collectibles[0].name.split(/\s+/)[0];
  await popup.fill('#collections-search', `is:owned ${word}`);
  await popup.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#collections .collectible')];
    return rows.length > 0 && rows.every((r) => r.getAttribute('data-state') === 'acquired');
  });
  assert.match(await popup.locator('#collections').innerText(), new RegExp(owned.collectibles[0].name));
  await shot(popup, '33-collections-owned');

  // Another filter: the daemon's own message, plainly, under the box.
  await popup.fill('#collections-search', 'is:exotic');
  await popup.locator('#collections-error:not(:empty)').waitFor();
  const message = await daemon.admin('collections.search', { query: 'is:exotic' }).then(() => '', (e) => e.message);
  assert.ok(message, 'the daemon refuses is:exotic');
  assert.equal(await popup.locator('#collections-error').innerText(), message);
  assert.equal(await popup.locator('#collections-search').getAttribute('aria-invalid'), 'true');
  assert.equal(await popup.locator('#collections .collectible').count(), 0);
  await shot(popup, '34-collections-error');
  await popup.fill('#collections-search', '');
  await popup.locator('#collections .collectible').first().waitFor();
  assert.equal(await popup.locator('#collections-error').innerText(), '');
});

test('a collectible the game keeps obscured reads "Obscured"', async () => {
  await popup.click('#view-collections');
  await popup.fill('#collections-search', 'hawkmoon');
  // The whole list shows Hawkmoon too: wait for the search's answer, one row.
  await popup.waitForFunction(() => document.querySelectorAll('#collections .collectible').length === 1);
  const row = popup.locator('#collections .collectible[data-state="obscured"]');
  await row.first().waitFor();
  const { collectibles } = await daemon.admin('collections.search', { query: 'hawkmoon' });
  assert.deepEqual(collectibles.map((c) => c.state), ['obscured'], 'the daemon reads it obscured');
  assert.equal(await popup.locator('#collections .collectible').count(), 1);
  assert.match(await row.innerText(), new RegExp(`${collectibles[0].name}[\\s\\S]*Obscured`));
  noNulls(await popup.locator('#collections').innerText(), 'Collections view');
  await shot(popup, '32b-collections-obscured');
  await popup.fill('#collections-search', '');
});

test('Clan shows the name, motto, member count and the roster with the member online first', async () => {
  const { clan } = await daemon.admin('clan.get', {});
  assert.ok(clan, 'the sample account is in a clan');
  await popup.click('#view-clan');
  await popup.locator('#clan .roster tbody tr').first().waitFor();
  const head = await popup.locator('#clan .clan-head').innerText();
  assert.match(head, new RegExp(clan.name));
  if (clan.motto) assert.match(head, new RegExp(clan.motto.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  const online = clan.members.filter((m) => m.online);
  assert.ok(online.length >= 1, 'someone is online');
  assert.match(head, new RegExp(`${clan.memberCount} members · ${online.length} online now`));
  const rows = popup.locator('#clan .roster tbody tr');
  assert.equal(await rows.count(), clan.members.length);
  const first = await rows.first().innerText();
  assert.match(first, new RegExp(online[0].name));
  assert.match(first, /online now/);
  assert.equal(await rows.first().getAttribute('class'), 'online');
  const seen = await rows.evaluateAll((els) => els.map((e) => e.querySelector('.member-seen')?.textContent ?? ''));
  for (const s of seen.slice(online.length)) assert.match(s, /^last online (just now|\d+ (min|h|d) ago)$/);
  const text = await popup.locator('#clan').innerText();
  assert.match(text, /Founder|Admin|Member|Beginner/);
  noNulls(await popup.locator('#clan-panel').innerText(), 'Clan view');
  await shot(popup, '35-clan');
});

test('a player in no clan reads "You are not in a clan."', { skip: KIND !== 'demo' && 'starts a second demo, in no clan' }, async () => {
  // The simulator sets the clan when it starts: a second demo, in no clan, and the popup paired with it.
  const clanless = await startDaemon({ args: ['--clan', 'off'] });
  try {
    assert.equal((await clanless.admin('clan.get', {})).clan, null);
    const page = await pairedPopup(browser, clanless);
    await page.click('#view-clan');
    await page.locator('#clan .clan-none').waitFor();
    assert.equal(await page.locator('#clan').innerText(), 'You are not in a clan.');
    await shot(page, '36-clan-none');
    await page.close();
  } finally {
    await clanless.close();
  }
});
