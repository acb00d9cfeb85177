// @ts-check
// First run: ask the daemon for a pairing code (`pairing.request`), tell the player where it
// appears, and trade the code they type for a client token (`pairing.complete`).
import { RpcConnection } from '../lib/rpc.js';
import { byId } from '../lib/dom.js';
/** @import { ClientInfo } from '../../protocol/ts/protocol.js' */

/**
 * Wires the pairing screen to the daemon at `wsUrl`. Calls `onPaired(token)` once paired and
 * `onOffline(error)` when the daemon cannot be reached.
 * @param {object} options
 * @param {string} options.wsUrl
 * @param {ClientInfo} options.client
 * @param {(token: string) => Promise<void>} options.onPaired
 * @param {(error: Error) => void} options.onOffline
 */
export function setupPairing({ wsUrl, client, onPaired, onOffline }) {
  const start = byId('pair-start', HTMLButtonElement);
  const form = byId('pair-form', HTMLFormElement);
  const code = byId('pair-code', HTMLInputElement);
  const error = byId('pair-error');
  const expiry = byId('pair-expiry');
  /** @type {RpcConnection | null} */
  let conn = null;
  let pairingId = '';

  start.onclick = async () => {
    error.textContent = '';
    start.disabled = true;
    try {
      conn?.close();
      conn = await RpcConnection.open(wsUrl);
      const answer = await conn.call('pairing.request', { client });
      pairingId = answer.pairingId;
      expiry.textContent = `The code is valid for ${Math.round(answer.expiresIn / 60) || 1} minute${answer.expiresIn > 90 ? 's' : ''}.`;
      form.hidden = false;
      start.textContent = 'Get a new code';
      code.focus();
    } catch (e) {
      if (e.reason === 'disconnected') onOffline(e);
      else error.textContent = e.message;
    } finally {
      start.disabled = false;
    }
  };

  form.onsubmit = async (event) => {
    event.preventDefault();
    error.textContent = '';
    const typed = code.value.trim();
    if (!/^\d{6}$/.test(typed)) {
      error.textContent = 'The code has six digits.';
      code.focus();
      return;
    }
    try {
      if (!conn) throw new Error('Ask for a code first');
      const { token } = await conn.call('pairing.complete', { pairingId, code: typed });
      conn.close();
      await onPaired(token);
    } catch (e) {
      error.textContent = e.message;
      code.select();
      if (e.reason === 'disconnected') onOffline(e);
    }
  };
}
