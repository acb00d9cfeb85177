// @ts-check
// The extension's service worker: runs the Bungie sign-in for the popup, because the popup closes
// as soon as the sign-in window takes focus. It asks the daemon for the authorize URL
// (`auth.login` with our chromiumapp.org redirect), lets chrome.identity show Bungie's page, and
// hands the code back with `auth.complete`. Bungie never sees the daemon's tokens here, and the
// extension never sees Bungie's.
import { RpcConnection, PROTOCOL_VERSION } from './lib/rpc.js';
import { loadSettings, daemonUrls, CLIENT } from './settings.js';

async function signIn() {
  const { port, token } = await loadSettings();
  if (!token) return { ok: false, message: 'Pair with the daemon first' };
  const conn = await RpcConnection.open(daemonUrls(port).ws);
  try {
    await conn.call('session.identify', { protocol: PROTOCOL_VERSION, token, client: { ...CLIENT, name: 'Vault Raider sign-in' }, subscribe: [] });
    const redirect = chrome.identity.getRedirectURL();
    const { authorizeUrl, state } = await conn.call('auth.login', { redirect });
    const finalUrl = await chrome.identity.launchWebAuthFlow({ url: authorizeUrl, interactive: true });
    if (!finalUrl) return { ok: false, message: 'The sign-in window closed before Bungie.net answered' };
    const answer = new URL(finalUrl);
    const code = answer.searchParams.get('code');
    if (!code) return { ok: false, message: answer.searchParams.get('error_description') ?? 'Bungie.net did not return a sign-in code' };
    const session = await conn.call('auth.complete', { code, state: answer.searchParams.get('state') ?? state });
    return { ok: true, session };
  } finally {
    conn.close();
  }
}

chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
  if (message?.type !== 'sign-in') return false;
  signIn()
    .then(sendResponse)
    .catch((e) => sendResponse({ ok: false, message: e?.message ?? String(e) }));
  return true;
});
