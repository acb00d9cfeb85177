// The one place that knows which daemon the browser tests talk to. By default it starts the mock
// (mock-daemon.mjs) on a free port. With VR_DAEMON_URL set it uses a running daemon instead (for
// example `vault-raider demo`), reading the admin token from VR_ADMIN_TOKEN or VR_ADMIN_TOKEN_FILE
// (the daemon's `admin.token`). Everything else goes through the protocol, so the tests assume
// nothing a real daemon would not do. See README.md.

import fs from 'node:fs';
import WebSocket from 'ws';
import { startMockDaemon } from './mock-daemon.mjs';

/** One JSON-RPC call over a fresh socket (Node side, no Origin header: a native client). */
export async function rpcOnce(wsUrl, calls) {
  const ws = new WebSocket(wsUrl);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const answers = [];
  let id = 0;
  try {
    for (const [method, params] of calls) {
      id += 1;
      const myId = id;
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: myId, method, params }));
      const answer = await new Promise((resolve) => {
        const onMessage = (data) => {
          const msg = JSON.parse(String(data));
          if (msg.id === myId) {
            ws.off('message', onMessage);
            resolve(msg);
          }
        };
        ws.on('message', onMessage);
      });
      if (answer.error) throw Object.assign(new Error(answer.error.message), { rpc: answer.error });
      answers.push(answer.result);
    }
  } finally {
    ws.close();
  }
  return answers;
}

const ADMIN_CLIENT = { name: 'web-tests', kind: 'cli', version: '0.1.0' };

/**
 * Starts (or attaches to) the daemon under test. The handle has `httpUrl`, `wsUrl`, `port`,
 * `pairingCode()`, `overlayUrl()`, `fault(kind)`, `activity(characterId, phase)`, `stop()` and
 * `restart()`; `canControl` is false where faults and activities cannot be injected.
 */
export async function startDaemon() {
  if (process.env.VR_DAEMON_URL) return attachRealDaemon(process.env.VR_DAEMON_URL);
  let port = 0;
  let mock = await startMockDaemon({ port, stepDelayMs: 150 });
  port = mock.port;
  const post = async (path, body) => {
    const res = await fetch(`${mock.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  };
  const handle = {
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
    itemId: (name) => mock.itemByName(name)?.id,
    stop: () => mock.close(),
    restart: async () => {
      // The same port and tokens, as a daemon restarted with its data directory would keep them.
      const fresh = await startMockDaemon({ port, stepDelayMs: 150, tokens: mock.tokens() });
      mock = fresh;
    },
  };
  return handle;
}

async function pendingCode(wsUrl, adminToken) {
  const [, pending] = await rpcOnce(wsUrl, [
    ['session.identify', { protocol: 1, token: adminToken, client: ADMIN_CLIENT, subscribe: [] }],
    ['pairing.pending', {}],
  ]);
  const newest = pending[pending.length - 1];
  if (!newest) throw new Error('no pending pairing request');
  return newest.code;
}

async function attachRealDaemon(url) {
  const base = url.replace(/\/$/, '');
  const port = Number(new URL(base).port || 80);
  const wsUrl = `${base.replace(/^http/, 'ws')}/ws`;
  const adminToken = process.env.VR_ADMIN_TOKEN ?? fs.readFileSync(process.env.VR_ADMIN_TOKEN_FILE ?? '', 'utf8').trim();
  const sim = process.env.VR_SIM_URL?.replace(/\/$/, '');
  // The overlay needs a token: pair one through the protocol, exactly as a client would.
  const [request] = await rpcOnce(wsUrl, [['pairing.request', { client: { name: 'web-tests overlay', kind: 'overlay', version: '0.1.0' } }]]);
  const code = await pendingCode(wsUrl, adminToken);
  const [{ token: overlayToken }] = await rpcOnce(wsUrl, [['pairing.complete', { pairingId: request.pairingId, code }]]);
  const simPost = async (path, body) => {
    if (!sim) throw new Error('set VR_SIM_URL to inject faults into a real daemon');
    await fetch(`${sim}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  };
  return {
    canControl: Boolean(sim),
    canStop: false,
    port,
    httpUrl: base,
    wsUrl,
    adminToken: () => adminToken,
    pairingCode: () => pendingCode(wsUrl, adminToken),
    overlayUrl: (query = '') => `${base}/overlay?token=${encodeURIComponent(overlayToken)}${query}`,
    // The simulator's faults: 36 ThrottleLimitExceededMomentarily stands for throttling.
    fault: (kind) => simPost('/sim/faults', kind === 'throttle' ? { errorRate: 1, errorCodes: [36] } : kind === 'maintenance' ? { maintenance: true } : {}),
    activity: (characterId) => simPost('/sim/game/activity', { characterId }),
    itemId: () => undefined,
    stop: async () => {},
    restart: async () => {},
  };
}
