// @ts-check
// The extension paired with a daemon as a player pairs it: the popup asks for a code, the player
// types the one the daemon shows, and the popup shows the inventory.
/**
 * @import { Daemon } from './daemon.mjs'
 * @import { launchWithExtension } from './browser.mjs'
 */

/**
 * Opens a popup of `browser`'s extension on `daemon`'s port, pairs it with the code the daemon shows
 * and waits for the characters; answers the popup.
 * @param {Awaited<ReturnType<typeof launchWithExtension>>} browser
 * @param {Daemon} daemon
 */
export async function pairedPopup(browser, daemon) {
  await browser.setPort(daemon.port);
  const page = await browser.openPopup();
  await page.locator('#screen-pair').waitFor({ state: 'visible' });
  await page.click('#pair-start');
  await page.locator('#pair-code').waitFor({ state: 'visible' });
  await page.fill('#pair-code', await daemon.pairingCode());
  await page.click('#pair-form button[type=submit]');
  await page.locator('#screen-main').waitFor({ state: 'visible' });
  await page.locator('#characters .character').first().waitFor();
  return page;
}
