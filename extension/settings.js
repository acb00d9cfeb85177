// @ts-check
// Where the extension keeps its settings: the daemon's port and the client token from pairing,
// both in chrome.storage.local (browser.storage.local on Firefox exposes the same API).
/** @import { ClientInfo } from '../protocol/ts/protocol.js' */

/** The daemon's default port (PROTOCOL.md). */
export const DEFAULT_PORT = 7420;

const storage = () => globalThis.chrome?.storage?.local;

/**
 * Reads `{port, token}`; the token is null before pairing.
 * @returns {Promise<{port: number, token: string | null}>}
 */
export async function loadSettings() {
  const got = (await storage()?.get(['port', 'token'])) ?? {};
  const port = typeof got.port === 'number' && Number.isInteger(got.port) && got.port > 0 && got.port < 65536 ? got.port : DEFAULT_PORT;
  return { port, token: typeof got.token === 'string' && got.token ? got.token : null };
}

/**
 * Stores the port; answers false (and stores nothing) for a value that is not a TCP port.
 * @param {string | number} value
 */
export async function savePort(value) {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return false;
  await storage()?.set({ port });
  return true;
}

/**
 * Stores the client token pairing gave us, or forgets it with null.
 * @param {string | null} token
 */
export async function saveToken(token) {
  if (token) await storage()?.set({ token });
  else await storage()?.remove('token');
}

/**
 * The daemon's http and ws addresses for a port.
 * @param {number} port
 */
export function daemonUrls(port) {
  return { http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}/ws` };
}

/** How this client names itself to the daemon. @type {ClientInfo} */
export const CLIENT = { name: 'Vault Raider popup', kind: 'extension', version: '0.1.0' };
