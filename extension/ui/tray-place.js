// @ts-check
// Where the daemon's menu is, in the words of the player's platform: Windows has no "tray" (the
// icon sits in the notification area of the taskbar); Linux desktops call it the tray.

/**
 * Whether `platform` (navigator.userAgentData.platform or navigator.platform) is Windows.
 * @param {string | null | undefined} platform
 */
export function isWindows(platform) {
  return /^win/i.test(String(platform ?? ''));
}

/**
 * The place as [plain text, emphasised text], e.g. ['the ', 'Vault Raider tray menu'].
 * @param {string | null | undefined} platform
 */
export function trayPlace(platform) {
  return isWindows(platform)
    ? ['the menu of the ', 'Vault Raider icon in the notification area']
    : ['the Vault Raider ', 'tray menu'];
}

/**
 * Fills `element` with the place for this browser's platform.
 * @param {HTMLElement | null} element
 * @param {Navigator & {userAgentData?: {platform?: string}}} [nav] (Chromium's userAgentData is not in every browser)
 */
export function showTrayPlace(element, nav = globalThis.navigator) {
  if (!element) return;
  const [plain, strong] = trayPlace(nav?.userAgentData?.platform ?? nav?.platform);
  const emphasis = document.createElement('strong');
  emphasis.textContent = strong;
  element.replaceChildren(document.createTextNode(plain), emphasis);
}
