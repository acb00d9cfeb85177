// @ts-check
// The options page: the daemon's port, and forgetting the pairing token.
import { loadSettings, savePort, saveToken } from './settings.js';
import { byId } from './lib/dom.js';

const status = byId('options-status');
const portInput = byId('port', HTMLInputElement);
const pairingState = byId('pairing-state');

async function show() {
  const { port, token } = await loadSettings();
  portInput.value = String(port);
  pairingState.textContent = token ? 'This browser is paired with the daemon.' : 'Not paired yet: open the popup to pair.';
}

byId('options-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  status.textContent = (await savePort(portInput.value)) ? 'Saved.' : 'A port is a whole number from 1 to 65535.';
});
byId('forget').addEventListener('click', async () => {
  await saveToken(null);
  status.textContent = 'Pairing forgotten. Revoke the old token with `vault-raider clients revoke` if you like.';
  await show();
});
show();
