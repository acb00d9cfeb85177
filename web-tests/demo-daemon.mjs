// The real product under test: `vault-raider demo` from the Cargo build (the simulator and the
// daemon in one process) on free ports, with pacing and the game clock off and a fresh data
// directory. Faults go through the simulator's `/sim/faults`; stopping kills the process and
// restarting starts it again on the same ports and data directory.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rpcOnce } from './rpc-once.mjs';
import { EXTENSION_ID } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '..');

/** The `vault-raider` binary: `VR_BIN`, else `$CARGO_TARGET_DIR/debug`, else `target/debug`. */
export function demoBinary() {
  if (process.env.VR_BIN) return process.env.VR_BIN;
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(REPO, process.env.CARGO_TARGET_DIR) : path.join(REPO, 'target');
  return path.join(target, 'debug', process.platform === 'win32' ? 'vault-raider.exe' : 'vault-raider');
}

/** A port nobody listens on now. */
export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The simulator's faults for a test's words: `throttle`, `maintenance`, or none (clears them). */
export function simFaults(kind) {
  if (kind === 'throttle') return { errorRate: 1, errorCodes: [36] };
  if (kind === 'maintenance') return { maintenance: true };
  return {};
}

/** POSTs JSON to the simulator's control endpoints; throws with the answer when refused. */
export async function simPost(simUrl, route, body) {
  const res = await fetch(`${simUrl}${route}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`${route}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/** Runs the binary until it prints the overlay link; resolves `{child, overlayUrl}`. */
function launch(binary, args, env, log) {
  const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`vault-raider demo did not start in 90 s:\n${out}`)), 90_000);
    const fail = (error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout.on('data', (chunk) => {
      out += chunk;
      log.write(chunk);
      const found = /Overlay:\s+(http:\/\/\S+)/.exec(out);
      if (found) {
        clearTimeout(timer);
        resolve({ child, overlayUrl: found[1] });
      }
    });
    child.stderr.on('data', (chunk) => log.write(chunk));
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`vault-raider demo exited (${code ?? signal}) before serving:\n${out}`)));
  });
}

/** Waits until the daemon has synced once (the snapshot has characters). */
async function firstSync(wsUrl, adminToken) {
  const client = { name: 'web-tests', kind: 'cli', version: '0.1.0' };
  for (let i = 0; i < 300; i += 1) {
    const [, snapshot] = await rpcOnce(wsUrl, [
      ['session.identify', { protocol: 1, token: adminToken, client, subscribe: [] }],
      ['profile.snapshot', {}],
    ]).catch(() => [null, null]);
    if (snapshot?.characters?.length) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the daemon never finished its first sync');
}

/**
 * Starts `vault-raider demo`; the handle is the one `startDaemon` documents. `pendingCode(wsUrl,
 * adminToken)` reads the newest pairing code over the protocol.
 */
export async function startDemo({ pendingCode }) {
  const binary = demoBinary();
  if (!fs.existsSync(binary)) {
    throw new Error(`${binary} is missing: build it first (cargo build -p vault-raider), set VR_BIN, or run the mock with VR_DAEMON=mock`);
  }
  const [port, simPort] = [await freePort(), await freePort()];
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'vr-web-tests-'));
  const dataDir = path.join(home, 'data');
  // The daemon writes a pointer file and may read a config file: keep both inside the temp dir.
  const env = { ...process.env, XDG_DATA_HOME: path.join(home, 'xdg-data'), XDG_CONFIG_HOME: path.join(home, 'xdg-config'), RUST_LOG: process.env.RUST_LOG ?? 'warn' };
  // The demo's application registers the test extension's redirect, as a player who signs in
  // from the extension registers theirs: its Sign in then runs against the real daemon.
  const redirect = `https://${EXTENSION_ID}.chromiumapp.org/`;
  const args = ['demo', '--port', String(port), '--sim-port', String(simPort), '--clock', 'off', '--pacing', 'off', '--data-dir', dataDir, '--redirect-url', redirect];
  const log = fs.createWriteStream(path.join(home, 'daemon.log'), { flags: 'a' });
  let running = await launch(binary, args, env, log);
  const httpUrl = `http://127.0.0.1:${port}`;
  const wsUrl = `ws://127.0.0.1:${port}/ws`;
  const simUrl = `http://127.0.0.1:${simPort}`;
  const adminToken = () => fs.readFileSync(path.join(dataDir, 'admin.token'), 'utf8').trim();
  await firstSync(wsUrl, adminToken());
  const kill = async () => {
    const { child } = running;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  return {
    kind: 'demo',
    canControl: true,
    canStop: true,
    port,
    httpUrl,
    wsUrl,
    simUrl,
    dataDir,
    adminToken,
    pairingCode: () => pendingCode(wsUrl, adminToken()),
    overlayUrl: (query = '') => `${running.overlayUrl}${query}`,
    // `signed_out`: the player signs out (the daemon's `auth.logout`, tokens deleted).
    fault: (kind) => (kind === 'signed_out'
      ? rpcOnce(wsUrl, [['session.identify', { protocol: 1, token: adminToken(), client: { name: 'web tests', kind: 'other', version: '0' } }], ['auth.logout', {}]])
      : simPost(simUrl, '/sim/faults', simFaults(kind))),
    // The game starts (`start`) or ends (`end`) an activity, then the daemon is asked to sync
    // rather than waiting for its next poll.
    activity: async (characterId, action = 'end') => {
      await simPost(simUrl, '/sim/game/activity', { characterId, action: action === 'start' ? 'start' : 'finish' });
      await rpcOnce(wsUrl, [['session.identify', { protocol: 1, token: adminToken(), client: { name: 'web tests', kind: 'other', version: '0' } }], ['profile.sync', {}]]);
    },
    itemId: () => undefined,
    /** Kills the process (the daemon and its simulator stop at once, as in a crash). */
    stop: kill,
    /**
     * Starts it again with the same ports and data directory. The demo's simulator starts afresh
     * and knows none of the old Bungie tokens (Bungie.net would), so they are dropped first and
     * the demo signs in again by itself; client pairings and the overlay token are kept.
     */
    restart: async () => {
      fs.rmSync(path.join(dataDir, 'tokens.json'), { force: true });
      running = await launch(binary, args, env, log);
      await firstSync(wsUrl, adminToken());
    },
    /** Stops it for good and removes its files. */
    close: async () => {
      await kill();
      log.end();
      if (!process.env.VR_KEEP_DATA) fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
