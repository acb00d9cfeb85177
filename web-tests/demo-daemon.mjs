// @ts-check
// The real product under test: `vault-raider demo` from the Cargo build (the simulator and the
// daemon in one process) on free ports, with pacing and the game clock off and a fresh data
// directory. Stopping kills the process and restarting starts it again on the same ports and data
// directory; daemon.mjs adds what the tests do through the protocol and the simulator.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from './connect.mjs';
import { EXTENSION_ID } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '..');

/** The `vault-raider` binary: `VR_BIN`, else `$CARGO_TARGET_DIR/debug`, else `target/debug`. */
export function demoBinary() {
  if (process.env.VR_BIN) return process.env.VR_BIN;
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(REPO, process.env.CARGO_TARGET_DIR) : path.join(REPO, 'target');
  return path.join(target, 'debug', process.platform === 'win32' ? 'vault-raider.exe' : 'vault-raider');
}

/**
 * A port nobody listens on now.
 * @returns {Promise<number>}
 */
export async function freePort() {
  const [port] = await freePorts(1);
  return port;
}

/**
 * `count` distinct ports nobody listens on now: every one stays taken until all are chosen, so
 * the system cannot hand out the same port twice (the demo's daemon once met its simulator on one).
 * @param {number} count
 * @returns {Promise<number[]>}
 */
export async function freePorts(count) {
  const servers = Array.from({ length: count }, () => net.createServer());
  await Promise.all(servers.map((server) => new Promise((resolve) => { server.listen(0, '127.0.0.1', () => resolve(null)); })));
  const ports = servers.map((server) => server.address());
  await Promise.all(servers.map((server) => new Promise((resolve) => { server.close(() => resolve(null)); })));
  return ports.map((address) => {
    if (!address || typeof address === 'string') throw new Error('no TCP port was given');
    return address.port;
  });
}

/**
 * Runs the binary until it prints the overlay link.
 * @param {string} binary
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {fs.WriteStream} log
 * @returns {Promise<{child: import('node:child_process').ChildProcess, overlayUrl: string}>}
 */
function launch(binary, args, env, log) {
  const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`vault-raider demo did not start in 90 s:\n${out}`)), 90_000);
    const fail = (/** @type {Error} */ error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      log.write(chunk);
      const found = /Overlay:\s+(http:\/\/\S+)/.exec(out);
      if (found) {
        clearTimeout(timer);
        resolve({ child, overlayUrl: found[1] });
      }
    });
    child.stderr?.on('data', (chunk) => log.write(chunk));
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`vault-raider demo exited (${code ?? signal}) before serving:\n${out}`)));
  });
}

/**
 * Waits until the daemon has synced once (the snapshot has characters).
 * @param {string} wsUrl
 * @param {string} adminToken
 */
async function firstSync(wsUrl, adminToken) {
  for (let i = 0; i < 300; i += 1) {
    const snapshot = await connect(wsUrl, adminToken)
      .then((conn) => conn.call('profile.snapshot', {}).finally(() => conn.close()))
      .catch(() => null);
    if (snapshot?.characters?.length) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the daemon never finished its first sync');
}

/**
 * Starts `vault-raider demo` with more `flags` (`--clan off`…): its addresses, its admin token,
 * the overlay's link, and stop, restart and close.
 * @param {string[]} [flags]
 */
export async function startDemo(flags = []) {
  const binary = demoBinary();
  if (!fs.existsSync(binary)) {
    throw new Error(`${binary} is missing: build it first (cargo build -p vault-raider) or set VR_BIN`);
  }
  const [port, simPort] = await freePorts(2);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'vr-web-tests-'));
  const dataDir = path.join(home, 'data');
  // The daemon writes a pointer file and may read a config file: keep both inside the temp dir.
  const env = { ...process.env, XDG_DATA_HOME: path.join(home, 'xdg-data'), XDG_CONFIG_HOME: path.join(home, 'xdg-config'), RUST_LOG: process.env.RUST_LOG ?? 'warn' };
  // The demo's application registers the test extension's redirect, as a player who signs in
  // from the extension registers theirs: its Sign in then runs against the real daemon.
  const redirect = `https://${EXTENSION_ID}.chromiumapp.org/`;
  const args = ['demo', '--port', String(port), '--sim-port', String(simPort), '--clock', 'off', '--pacing', 'off', '--data-dir', dataDir, '--redirect-url', redirect, ...flags];
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
    port,
    httpUrl,
    wsUrl,
    simUrl,
    dataDir,
    adminToken,
    overlayUrl: (query = '') => `${running.overlayUrl}${query}`,
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
