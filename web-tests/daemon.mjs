// @ts-check
// The one place that knows which daemon the browser tests talk to. By default it starts the real
// `vault-raider demo` (the simulator and the daemon in one process) from the Cargo build, on free
// ports with a fresh data directory (demo-daemon.mjs); `VR_DAEMON_URL` attaches to a daemon that is
// already running, reading the admin token from VR_ADMIN_TOKEN or VR_ADMIN_TOKEN_FILE and the
// simulator's address from VR_SIM_URL. Everything goes through the protocol and the simulator's
// control endpoints, so the tests assume nothing a real daemon would not do. See README.md.
import fs from 'node:fs';
import { connect } from './connect.mjs';
import { startDemo } from './demo-daemon.mjs';
/**
 * @import { MethodName, ParamsOf, ResultOf, Topic } from '../protocol/ts/protocol.js'
 * @import { RpcConnection } from '../overlay/lib/rpc.js'
 */

/** Which daemon the tests run against: `demo` (default) or `attached`. */
export const KIND = process.env.VR_DAEMON_URL ? 'attached' : 'demo';

/**
 * The daemon under test.
 * @typedef {object} Daemon
 * @property {'demo' | 'attached'} kind
 * @property {number} port
 * @property {string} httpUrl
 * @property {string} wsUrl
 * @property {() => string} adminToken
 * @property {(query?: string) => string} overlayUrl the overlay's link with its token (`query` is appended)
 * @property {<M extends MethodName>(method: M, params: ParamsOf<M>) => Promise<ResultOf<M>>} admin one call as the admin, as the command line makes it
 * @property {(subscribe?: Topic[]) => Promise<RpcConnection>} connectAdmin a connection identified as the admin
 * @property {() => Promise<string>} pairingCode the newest pending pairing's code (waits up to 5 s for one)
 * @property {(route: string, body: object) => Promise<any>} sim POSTs to a control endpoint of the simulator
 * @property {(kind: 'throttle' | 'maintenance' | null) => Promise<unknown>} fault Bungie.net throttles, is down, or neither
 * @property {() => Promise<void>} revokeSignIn the player revokes the app on Bungie.net; the daemon finds out at once
 * @property {(characterId: string, action: 'start' | 'end') => Promise<void>} activity the game starts or ends an activity, then the daemon syncs
 * @property {() => Promise<void>} stop kills the process (as in a crash)
 * @property {() => Promise<void>} restart starts it again on the same ports and data directory
 * @property {() => Promise<void>} close stops it for good
 */

/**
 * Starts (or attaches to) the daemon under test; `args` are more `vault-raider demo` flags.
 * @param {{args?: string[]}} [options]
 * @returns {Promise<Daemon>}
 */
export async function startDaemon({ args = [] } = {}) {
  if (KIND === 'attached') return attach(process.env.VR_DAEMON_URL ?? '');
  const demo = await startDemo(args);
  return { kind: 'demo', ...demo, ...controls(demo.wsUrl, demo.adminToken, demo.simUrl) };
}

/**
 * What the tests do through the protocol and the simulator, for a daemon at `wsUrl`.
 * @param {string} wsUrl
 * @param {() => string} adminToken
 * @param {string | undefined} simUrl
 */
function controls(wsUrl, adminToken, simUrl) {
  /** @type {Daemon['admin']} */
  const admin = async (method, params) => {
    const conn = await connect(wsUrl, adminToken());
    try {
      return await conn.call(method, params);
    } finally {
      conn.close();
    }
  };
  /** @type {Daemon['sim']} */
  const sim = async (route, body) => {
    if (!simUrl) throw new Error('set VR_SIM_URL to drive the simulator of a daemon that is already running');
    const res = await fetch(`${simUrl}${route}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    if (!res.ok) throw new Error(`${route}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    admin,
    sim,
    /** @type {Daemon['connectAdmin']} */
    connectAdmin: (subscribe = []) => connect(wsUrl, adminToken(), subscribe),
    pairingCode: async () => {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const pending = await admin('pairing.pending', {});
        const newest = pending[pending.length - 1];
        if (newest) return newest.code;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('no pending pairing request');
    },
    // The simulator's faults: 36 ThrottleLimitExceededMomentarily stands for throttling.
    /** @type {Daemon['fault']} */
    fault: (kind) => sim('/sim/faults', kind === 'throttle' ? { errorRate: 1, errorCodes: [36] } : kind === 'maintenance' ? { maintenance: true } : {}),
    revokeSignIn: async () => {
      await sim('/sim/revoke', {});
      // The daemon learns it at its next Bungie calls: syncs are asked for until it says signed out.
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const answer = await admin('profile.sync', {}).then(() => 'synced', (error) => error.reason ?? error.message);
        if (answer === 'signed_out' || (await admin('session.status', {})).state === 'signed_out') return;
        if (answer !== 'synced') console.log(`# after the revocation, profile.sync answered: ${answer}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error('the daemon never noticed the revoked sign-in');
    },
    /** @type {Daemon['activity']} */
    activity: async (characterId, action) => {
      await sim('/sim/game/activity', { characterId, action: action === 'start' ? 'start' : 'finish' });
      await admin('profile.sync', {});
    },
  };
}

/**
 * A daemon that is already running at `url`.
 * @param {string} url
 * @returns {Promise<Daemon>}
 */
async function attach(url) {
  const base = url.replace(/\/$/, '');
  const wsUrl = `${base.replace(/^http/, 'ws')}/ws`;
  const token = process.env.VR_ADMIN_TOKEN ?? fs.readFileSync(process.env.VR_ADMIN_TOKEN_FILE ?? '', 'utf8').trim();
  const simUrl = process.env.VR_SIM_URL?.replace(/\/$/, '');
  const control = controls(wsUrl, () => token, simUrl);
  // The overlay's own address, as `vault-raider overlay` prints it.
  const { url: overlayBase } = await control.admin('overlay.url', { rotate: false });
  const nothing = async () => {};
  return {
    kind: 'attached',
    port: Number(new URL(base).port || 80),
    httpUrl: base,
    wsUrl,
    adminToken: () => token,
    overlayUrl: (query = '') => `${overlayBase}${query}`,
    ...control,
    stop: nothing,
    restart: nothing,
    close: nothing,
  };
}
