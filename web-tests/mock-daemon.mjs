// A protocol-faithful stand-in for the Vault Raider daemon (../shared/PROTOCOL.md, version 1):
// JSON-RPC 2.0 over a WebSocket at /ws with the Host/Origin guard, pairing, tokens, revisions,
// snapshot/changes, search, operations with progress events, quests/bounties/milestones and
// activity reports, faults on demand, and the overlay's static files at /overlay. Run alone with
// `node web-tests/mock-daemon.mjs [--port 7420]`.
//
// The game itself (state, rules, operations) is in mock-game.mjs, its progress and activity
// reports in mock-progress.mjs; errors in mock-errors.mjs.
//
// Not part of the protocol (test control only): POST /mock/fault {kind}, POST /mock/activity
// {characterId, phase}, POST /mock/move {id, to} (an in-game move), POST /mock/clan {inClan}
// (the player leaves or joins the clan; vendors, collections and clan are in mock-vendors.mjs). Tests reach these only through
// web-tests/daemon.mjs, so a real daemon can stand in.

import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { itemDetails } from './mock-world.mjs';
import { createGame } from './mock-game.mjs';
import { RpcError, err } from './mock-errors.mjs';
import { compileQuery, SearchError } from './mock-search.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OVERLAY_DIR = path.join(ROOT, 'overlay');
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const OPERATION_METHODS = new Set(['items.transfer', 'items.equip', 'items.lock', 'postmaster.pull', 'loadouts.equip']);
const OPEN_METHODS = new Set(['session.identify', 'pairing.request', 'pairing.complete']);
const TOPICS = ['inventory', 'activity', 'operations', 'session', 'loadouts', 'progress'];
const TOPIC_OF = {
  'inventory.changed': 'inventory', 'operation.progress': 'operations', 'activity.started': 'activity',
  'activity.completed': 'activity', 'session.changed': 'session', 'sync.status': 'session',
  'loadouts.changed': 'loadouts', 'progress.changed': 'progress',
};
/** What the overlay's token may call (PROTOCOL.md "Who may connect" 4); anything else is `forbidden`. */
const OVERLAY_METHODS = new Set(['session.identify', 'session.status', 'profile.snapshot', 'profile.changes', 'profile.sync',
  'items.search', 'items.get', 'loadouts.list', 'loadouts.equip', 'progress.list', 'events.subscribe']);


function token() {
  return crypto.randomBytes(24).toString('base64url');
}

/**
 * Starts a mock daemon on 127.0.0.1. Options: `port` (0 picks one), `stepDelayMs` (time each
 * Bungie call of an operation takes, so progress is visible). Resolves to a handle.
 */
export async function startMockDaemon({ port = 0, stepDelayMs = 120, log = () => {}, tokens: keptTokens = null } = {}) {
  // A restarted daemon keeps its tokens (they live in its data directory): `keptTokens` carries them.
  const tokens = new Map(keptTokens ?? []);
  if (!keptTokens) {
    tokens.set(token(), 'admin');
    tokens.set(token(), 'overlay');
  }
  const roleToken = (role) => [...tokens.entries()].find(([, r]) => r === role)?.[0];
  const adminToken = roleToken('admin');
  const overlayToken = roleToken('overlay');
  const pairings = new Map();
  const clients = new Set();
  const authStates = new Set();
  const game = createGame({ broadcast: (m, p) => broadcast(m, p), stepDelayMs });
  const { items, characters, loadouts, history, commit, checkBungie, locOf, itemParam, characterParam, equipRules, planMove, singleItemOperation, equipLoadout } = game;
  const world = { account: game.account };

  function broadcast(method, params) {
    const frame = JSON.stringify({ jsonrpc: '2.0', method, params });
    for (const c of clients) {
      if (c.identified && c.topics.has(TOPIC_OF[method]) && c.ws.readyState === 1) c.ws.send(frame);
    }
  }

  const methods = {
    'session.identify': (params, conn) => {
      if (params.protocol !== 1) throw new RpcError(1003, 'unsupported_protocol', `This daemon speaks protocol 1, not ${params.protocol}`, { supported: [1] });
      const role = tokens.get(params.token);
      if (!role) throw err.unauthorized();
      conn.identified = true;
      conn.role = role;
      conn.topics = new Set(Array.isArray(params.subscribe) ? params.subscribe.filter((t) => TOPICS.includes(t)) : TOPICS);
      return { protocol: 1, daemon: { version: '0.1.0-mock' }, session: { state: game.sessionState, account: world.account }, rev: game.rev };
    },
    'session.status': () => ({ state: game.sessionState, account: world.account, lastSync: new Date().toISOString(), nextSync: null, bungie: { throttledUntil: game.fault === 'throttle' ? new Date(Date.now() + 5000).toISOString() : null } }),
    'auth.login': (params) => {
      // Like Bungie's authorize page, /mock/authorize sends the browser on to the redirect with a code.
      const state = crypto.randomBytes(8).toString('hex');
      authStates.add(state);
      const redirect = typeof params.redirect === 'string' ? params.redirect : `http://127.0.0.1:${server.address().port}/callback`;
      const url = new URL(`http://127.0.0.1:${server.address().port}/mock/authorize`);
      url.searchParams.set('redirect', redirect);
      url.searchParams.set('state', state);
      return { authorizeUrl: url.href, state };
    },
    'auth.complete': (params) => {
      if (typeof params.code !== 'string' || params.code !== 'mock-code') throw err.invalid('code', 'That sign-in code is not valid');
      if (!authStates.delete(params.state)) throw err.invalid('state', 'That sign-in was not started here (state mismatch)');
      game.sessionState = 'signed_in';
      broadcast('session.changed', { state: game.sessionState });
      return { state: game.sessionState, account: world.account };
    },
    'auth.logout': () => {
      game.sessionState = 'signed_out';
      broadcast('session.changed', { state: game.sessionState });
      return {};
    },
    'pairing.request': (params) => {
      const pairingId = crypto.randomUUID();
      const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
      pairings.set(pairingId, { code, client: params.client ?? {}, expires: Date.now() + 120_000, tries: 0 });
      log(`pairing code for ${params.client?.name ?? 'a client'}: ${code}`);
      return { pairingId, expiresIn: 120 };
    },
    'pairing.complete': (params) => {
      const p = pairings.get(params.pairingId);
      if (!p || p.expires < Date.now()) throw err.pairing('That pairing request has expired; ask for a new code');
      if (String(params.code) !== p.code) {
        p.tries += 1;
        if (p.tries >= 5) pairings.delete(params.pairingId);
        throw err.pairing(p.tries >= 5 ? 'Too many wrong codes; ask for a new code' : 'That code is not right; check the code the daemon shows');
      }
      pairings.delete(params.pairingId);
      const t = token();
      tokens.set(t, 'client');
      return { token: t };
    },
    'pairing.pending': (_p, conn) => {
      if (conn.role !== 'admin') throw err.unauthorized();
      return [...pairings.entries()].map(([pairingId, p]) => ({ pairingId, client: p.client, code: p.code, expiresIn: Math.max(0, Math.round((p.expires - Date.now()) / 1000)) }));
    },
    'clients.list': (_p, conn) => {
      if (conn.role !== 'admin') throw err.unauthorized();
      return [...tokens.values()].map((role, i) => ({ clientId: String(i), kind: role }));
    },
    'accounts.list': () => [world.account],
    'profile.snapshot': () => game.snapshotOf(),
    'profile.changes': (params) => {
      if (!Number.isInteger(params.since)) throw err.invalid('since', '"since" must be a revision number');
      const oldest = history.length ? history[0].rev - 1 : game.rev;
      if (params.since < oldest || params.since > game.rev) return { rev: game.rev, reset: true };
      return { rev: game.rev, changes: history.filter((c) => c.rev > params.since) };
    },
    'profile.sync': () => { checkBungie(); return { rev: game.rev, changed: 0, tookMs: 12 }; },
    'items.search': (params) => {
      if (typeof params.query !== 'string') throw err.invalid('query', '"query" must be a string');
      let test;
      try {
        test = compileQuery(params.query, { kindOf: game.progress.kindOf, completeOf: game.progress.completeOf });
      } catch (e) {
        if (e instanceof SearchError) throw new RpcError(-32602, null, e.message, { field: 'query', column: e.column });
        throw e;
      }
      const limit = Number.isInteger(params.limit) ? params.limit : 200;
      return { items: [...items.values()].filter(test).slice(0, limit) };
    },
    'items.get': (params) => {
      const item = itemParam(params);
      return itemDetails(item, game.progress.objectivesOf(item.id));
    },
    'items.transfer': (params) => {
      const item = itemParam(params);
      if (params.to !== 'vault') characterParam(params.to, 'to');
      if (item.equipped) throw new RpcError(2004, 'not_transferable', `${item.name} is equipped; equip something else first`);
      const planned = planMove(item, locOf(params.to)).map((s) => ({ ...s, id: item.id }));
      return singleItemOperation(planned, params.dryRun === true);
    },
    'items.equip': (params) => {
      const item = itemParam(params);
      characterParam(params.characterId);
      equipRules(item, params.characterId);
      const dest = locOf(params.characterId);
      if (item.equipped && sameLoc(item.location, dest)) return singleItemOperation([], params.dryRun === true);
      if (item.equipped) throw new RpcError(2004, 'not_transferable', `${item.name} is equipped on another character`);
      const planned = [...planMove(item, dest), { action: 'equip', from: dest, to: dest }].map((s) => ({ ...s, id: item.id }));
      return singleItemOperation(planned, params.dryRun === true);
    },
    'items.lock': (params) => {
      const item = itemParam(params);
      if (typeof params.locked !== 'boolean') throw err.invalid('locked', '"locked" must be true or false');
      return singleItemOperation([{ action: 'lock', id: item.id, from: item.location, to: item.location, locked: params.locked }], params.dryRun === true);
    },
    'postmaster.pull': () => ({ operationId: game.nextOperationId(), ok: true, steps: [], rev: game.rev, bungieCalls: 0 }),
    'loadouts.list': (params) => ({ loadouts: [...loadouts.values()].filter((l) => !params.characterId || l.characterId === params.characterId) }),
    'loadouts.save': (params) => {
      if (typeof params.name !== 'string' || !params.name.trim()) throw err.invalid('name', 'A loadout needs a name');
      const ch = characterParam(params.characterId);
      const chosen = Array.isArray(params.items) ? params.items : [...items.values()]
        .filter((i) => i.equipped && i.location.characterId === ch.characterId).map((i) => ({ id: i.id, hash: i.hash, equip: true }));
      const now = new Date().toISOString();
      const loadout = { id: crypto.randomUUID(), name: params.name.trim(), characterId: ch.characterId, class: ch.class, items: chosen, createdAt: now, updatedAt: now };
      loadouts.set(loadout.id, loadout);
      return { loadout };
    },
    'loadouts.equip': (params) => {
      const loadout = loadouts.get(params.loadoutId);
      if (!loadout) throw err.invalid('loadoutId', `No loadout ${params.loadoutId}`);
      return equipLoadout(loadout, params.characterId, params.dryRun === true);
    },
    'loadouts.delete': (params) => {
      if (!loadouts.delete(params.loadoutId)) throw err.invalid('loadoutId', `No loadout ${params.loadoutId}`);
      return {};
    },
    'loadouts.import': (params) => {
      const dim = params.dim;
      if (!dim || typeof dim !== 'object' || !Array.isArray(dim.equipped)) throw err.invalid('dim', 'That is not a DIM loadout: it has no "equipped" list');
      const cls = ['titan', 'hunter', 'warlock'][dim.classType] ?? 'warlock';
      const ch = [...characters.values()].find((c) => c.class === cls);
      const entries = [...dim.equipped.map((e) => ({ ...e, equip: true })), ...(dim.unequipped ?? []).map((e) => ({ ...e, equip: false }))];
      const chosen = entries.map((e) => ({ id: String(e.id), hash: e.hash, equip: e.equip })).filter((e) => items.has(e.id));
      const now = new Date().toISOString();
      const loadout = { id: crypto.randomUUID(), name: String(dim.name ?? 'Imported'), characterId: ch.characterId, class: cls, items: chosen, createdAt: now, updatedAt: now };
      loadouts.set(loadout.id, loadout);
      return { loadout };
    },
    'loadouts.export': (params) => {
      const l = loadouts.get(params.loadoutId);
      if (!l) throw err.invalid('loadoutId', `No loadout ${params.loadoutId}`);
      return { dim: { name: l.name, classType: ['titan', 'hunter', 'warlock'].indexOf(l.class), equipped: l.items.filter((i) => i.equip).map(({ id, hash }) => ({ id, hash })), unequipped: l.items.filter((i) => !i.equip).map(({ id, hash }) => ({ id, hash })) } };
    },
    'progress.list': (params) => game.progress.list(params),
    'progress.track': (params) => game.progress.track(params),
    'activities.history': (params) => game.progress.history(params),
    'stats.account': () => game.progress.stats(),
    'vendors.list': (params) => game.vendors.list(params),
    'collections.search': (params) => game.vendors.search(params),
    'clan.get': () => game.vendors.clan(),
    'events.subscribe': (params, conn) => {
      if (!Array.isArray(params.topics)) throw err.invalid('topics', '"topics" must be a list');
      conn.topics = new Set(params.topics.filter((t) => TOPICS.includes(t)));
      return { topics: [...conn.topics] };
    },
  };

  async function handle(frame, conn) {
    if (!frame || typeof frame !== 'object' || Array.isArray(frame) || frame.jsonrpc !== '2.0' || typeof frame.method !== 'string') {
      return { jsonrpc: '2.0', id: frame?.id ?? null, error: { code: -32600, message: 'Invalid request' } };
    }
    const { id, method } = frame;
    const params = frame.params ?? {};
    const reply = (body) => (id === undefined ? null : { jsonrpc: '2.0', id, ...body });
    const fn = Object.hasOwn(methods, method) ? methods[method] : null;
    if (!fn) return reply({ error: { code: -32601, message: `Method not found: ${method}` } });
    if (!conn.identified && !OPEN_METHODS.has(method)) return reply({ error: { code: 1001, message: err.unauthorized().message, data: { reason: 'unauthorized' } } });
    if (conn.role === 'overlay' && !OVERLAY_METHODS.has(method)) return reply({ error: { code: 1006, message: `The overlay may not call ${method}`, data: { reason: 'forbidden' } } });
    try {
      if (OPERATION_METHODS.has(method) && params.dryRun !== true) checkBungie();
      return reply({ result: await fn(params, conn) });
    } catch (e) {
      if (e instanceof RpcError) return reply({ error: { code: e.code, message: e.message, data: e.data } });
      log(`internal error in ${method}: ${e.stack}`);
      return reply({ error: { code: -32603, message: 'Internal error' } });
    }
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/overlay' || url.pathname.startsWith('/overlay/')) return serveOverlay(url.pathname, res);
    if (url.pathname.startsWith('/icons/')) return serveIcon(url.pathname, res);
    if (url.pathname === '/mock/authorize') {
      let to;
      try {
        to = new URL(url.searchParams.get('redirect') ?? '');
      } catch {
        res.writeHead(400).end('bad redirect');
        return;
      }
      to.searchParams.set('code', 'mock-code');
      to.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: to.href }).end();
      return;
    }
    if (req.method === 'POST' && url.pathname.startsWith('/mock/')) return control(url.pathname, req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });

  function serveOverlay(pathname, res) {
    const rel = pathname.replace(/^\/overlay\/?/, '') || 'index.html';
    const file = path.resolve(OVERLAY_DIR, rel);
    if (!file.startsWith(OVERLAY_DIR + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  }

  function serveIcon(pathname, res) {
    // Exotic engrams and a few others have no icon, so the clients' placeholder is exercised.
    const name = path.basename(pathname, '.jpg');
    if (/st0mp|ornate|enhancement/.test(name)) {
      res.writeHead(404).end('no icon');
      return;
    }
    let h = 0;
    for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 360;
    const spin = h % 90;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${h},55%,46%)"/><stop offset="1" stop-color="hsl(${(h + 50) % 360},60%,16%)"/></linearGradient></defs>
<rect width="96" height="96" fill="url(#g)"/>
<g transform="rotate(${spin} 48 48)" fill="none" stroke="rgba(255,255,255,0.75)" stroke-width="5"><path d="M48 14 L80 48 L48 82 L16 48Z"/><circle cx="48" cy="48" r="11" fill="rgba(255,255,255,0.35)"/></g>
<path d="M0 72 L96 44 L96 96 L0 96Z" fill="rgba(0,0,0,0.18)"/></svg>`;
    res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' }).end(svg);
  }

  function control(pathname, req, res) {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      let p = {};
      try { p = body ? JSON.parse(body) : {}; } catch { res.writeHead(400).end('bad json'); return; }
      if (pathname === '/mock/fault') {
        game.fault = p.kind === 'throttle' || p.kind === 'maintenance' ? p.kind : null;
        if (p.kind === 'signed_out' || p.kind === 'signed_in') {
          game.sessionState = p.kind;
          broadcast('session.changed', {
            state: game.sessionState,
            message: game.sessionState === 'signed_in' ? 'Signed in to Bungie.net.' : 'Signed out of Bungie.net. Sign in again to sync and move items.',
          });
        }
        if (p.kind === 'maintenance') broadcast('session.changed', { state: 'maintenance', message: 'Bungie.net is down for maintenance; retrying. Your inventory stays readable.' });
      } else if (pathname === '/mock/clan') {
        game.vendors.setInClan(p.inClan !== false);
      } else if (pathname === '/mock/activity') {
        game.activity(p);
      } else if (pathname === '/mock/move') {
        const item = items.get(p.id);
        if (item && !item.equipped) {
          const from = item.location;
          item.location = locOf(p.to);
          commit([{ kind: 'moved', id: item.id, from, to: item.location }]);
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ rev: game.rev }));
    });
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const actualPort = server.address().port;
    const hostOk = [`127.0.0.1:${actualPort}`, `localhost:${actualPort}`, `[::1]:${actualPort}`].includes(req.headers.host);
    const origin = req.headers.origin;
    const originOk = !origin || origin === `http://127.0.0.1:${actualPort}` || origin === `http://localhost:${actualPort}`
      || origin.startsWith('chrome-extension://') || origin.startsWith('moz-extension://');
    if (url.pathname !== '/ws' || !hostOk || !originOk) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = { ws, identified: false, role: null, topics: new Set() };
      clients.add(conn);
      ws.on('close', () => clients.delete(conn));
      ws.on('message', async (data) => {
        let frame;
        try {
          frame = JSON.parse(String(data));
        } catch {
          ws.send(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }));
          return;
        }
        if (Array.isArray(frame)) {
          const replies = (await Promise.all(frame.map((f) => handle(f, conn)))).filter(Boolean);
          if (replies.length && ws.readyState === 1) ws.send(JSON.stringify(replies));
          return;
        }
        const reply = await handle(frame, conn);
        if (reply && ws.readyState === 1) ws.send(JSON.stringify(reply));
      });
    });
  });

  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = server.address().port;
  const base = `http://127.0.0.1:${actual}`;
  log(`mock daemon listening on ${base}; overlay: ${base}/overlay?token=${overlayToken}`);

  return {
    port: actual,
    url: base,
    adminToken,
    overlayToken,
    /** Every token and its role, to start the same daemon again. */
    tokens: () => [...tokens.entries()],
    /** The current revision. */
    get rev() { return game.rev; },
    /** Looks an item up by name (tests only). */
    itemByName: (name) => [...items.values()].find((i) => i.name === name),
    /** Stops listening and drops every connection. */
    close: () => new Promise((resolve) => {
      for (const c of clients) c.ws.terminate();
      wss.close();
      server.close(() => resolve());
      server.closeAllConnections?.();
    }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 7420;
  startMockDaemon({ port, log: (m) => console.log(m) });
}
