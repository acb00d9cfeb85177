// The one place that knows which daemon the browser tests talk to. By default it starts the real
// `vault-raider demo` (the simulator and the daemon in one process) from the Cargo build, on free
// ports with a fresh data directory. `VR_DAEMON=mock` starts the protocol-faithful mock
// (mock-daemon.mjs) instead; `VR_DAEMON_URL` attaches to a daemon that is already running, reading
// the admin token from VR_ADMIN_TOKEN or VR_ADMIN_TOKEN_FILE. Everything else goes through the
// protocol and the simulator's control endpoints, so the tests assume nothing a real daemon would
// not do. See README.md.

import fs from 'node:fs';
import { startMockDaemon } from './mock-daemon.mjs';
import { simFaults, startDemo } from './demo-daemon.mjs';
import { rpcOnce } from './rpc-once.mjs';

export { rpcOnce };

/** Which daemon the tests run against: `demo` (default), `mock` or `attached`. */
export const KIND = process.env.VR_DAEMON_URL ? 'attached' : process.env.VR_DAEMON === 'mock' ? 'mock' : 'demo';

const ADMIN_CLIENT = { name: 'web-tests', kind: 'cli', version: '0.1.0' };

/**
 * Starts (or attaches to) the daemon under test. The handle has `httpUrl`, `wsUrl`, `port`,
 * `pairingCode()`, `overlayUrl()`, `fault(kind)`, `activity(characterId, phase)`, `stop()` and
 * `restart()`; `canControl` is false where faults and activities cannot be injected.
 */
export async function startDaemon() {
  if (KIND === 'attached') return attachRealDaemon(process.env.VR_DAEMON_URL);
  if (KIND === 'demo') return startDemo({ pendingCode });
  let port = 0;
  let mock = await startMockDaemon({ port, stepDelayMs: 150 });
  port = mock.port;
  const post = async (path, body) => {
    const res = await fetch(`${mock.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  };
  const handle = {
    kind: 'mock',
    canControl: true,
    canStop: true,
    port,
    httpUrl: mock.url,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    adminToken: () => mock.adminToken,
    pairingCode: () => pendingCode(handle.wsUrl, mock.adminToken),
    overlayUrl: (query = '') => `${mock.url}/overlay?token=${encodeURIComponent(mock.overlayToken)}${query}`,
    fault: (kind) => post('/mock/fault', { kind }),
    activity: (characterId, phase) => post('/mock/activity', { characterId, phase }),
    /** The player joins (true) or leaves (false) the sample clan (mock only). */
    setInClan: (inClan) => post('/mock/clan', { inClan }),
    itemId: (name) => mock.itemByName(name)?.id,
    stop: () => mock.close(),
    close: () => mock.close(),
    restart: async () => {
      // The same port and tokens, as a daemon restarted with its data directory would keep them.
      const fresh = await startMockDaemon({ port, stepDelayMs: 150, tokens: mock.tokens() });
      mock = fresh;
    },
  };
  return handle;
}

/** The code of the newest pending pairing; waits up to 5 s for the page's request to arrive. */
async function pendingCode(wsUrl, adminToken) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const [, pending] = await rpcOnce(wsUrl, [
      ['session.identify', { protocol: 1, token: adminToken, client: ADMIN_CLIENT, subscribe: [] }],
      ['pairing.pending', {}],
    ]);
    const newest = pending[pending.length - 1];
    if (newest) return newest.code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no pending pairing request');
}

async function attachRealDaemon(url) {
  const base = url.replace(/\/$/, '');
  const port = Number(new URL(base).port || 80);
  const wsUrl = `${base.replace(/^http/, 'ws')}/ws`;
  const adminToken = process.env.VR_ADMIN_TOKEN ?? fs.readFileSync(process.env.VR_ADMIN_TOKEN_FILE ?? '', 'utf8').trim();
  const sim = process.env.VR_SIM_URL?.replace(/\/$/, '');
  // The overlay's own address, as `vault-raider overlay` prints it (a paired token is bound to the
  // origin it paired from, so one paired here, with no Origin, would not work in the page).
  const [, { url: overlayBase }] = await rpcOnce(wsUrl, [
    ['session.identify', { protocol: 1, token: adminToken, client: ADMIN_CLIENT, subscribe: [] }],
    ['overlay.url', {}],
  ]);
  const simPost = async (path, body) => {
    if (!sim) throw new Error('set VR_SIM_URL to inject faults into a real daemon');
    await fetch(`${sim}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  };
  return {
    kind: 'attached',
    canControl: Boolean(sim),
    canStop: false,
    port,
    httpUrl: base,
    wsUrl,
    adminToken: () => adminToken,
    pairingCode: () => pendingCode(wsUrl, adminToken),
    overlayUrl: (query = '') => `${overlayBase}${query}`,
    // The simulator's faults: 36 ThrottleLimitExceededMomentarily stands for throttling.
    fault: (kind) => simPost('/sim/faults', simFaults(kind)),
    activity: async (characterId, action = 'end') => {
      await simPost('/sim/game/activity', { characterId, action: action === 'start' ? 'start' : 'finish' });
      await rpcOnce(wsUrl, [['session.identify', { protocol: 1, token: adminToken, client: { name: 'web tests', kind: 'other', version: '0' } }], ['profile.sync', {}]]);
    },
    itemId: () => undefined,
    stop: async () => {},
    restart: async () => {},
    close: async () => {},
  };
}
