// The mock daemon keeps the promises of PROTOCOL.md that the faces rely on (so passing against it
// means something), and the shared DaemonLink catches up over a real socket after missing events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startMockDaemon } from './mock-daemon.mjs';
import { DaemonLink } from '../overlay/lib/rpc.js';
import { Inventory } from '../overlay/lib/inventory.js';

let mock;
before(async () => { mock = await startMockDaemon({ stepDelayMs: 1 }); });
after(() => mock.close());

function open(headers = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${mock.port}/ws`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error('refused'), { status: res.statusCode })));
    ws.once('error', reject);
  });
}
function next(ws) {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
}
function rpc(ws, method, params, id = 1) {
  return new Promise((resolve) => {
    const onMessage = (d) => {
      const msg = JSON.parse(String(d));
      if (msg.id !== id) return;
      ws.off('message', onMessage);
      resolve(msg);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
  });
}

test('the upgrade is refused for a foreign Origin or a rebinding Host', async () => {
  await assert.rejects(open({ origin: 'https://evil.example' }), { status: 403 });
  await assert.rejects(open({ host: 'evil.example:80' }), { status: 403 });
  (await open({ origin: 'chrome-extension://kihckelfkjonpclbnijcicclgdclolim' })).close();
});

test('before identifying only pairing and identify are allowed; bad tokens are unauthorized', async () => {
  const ws = await open();
  const denied = await rpc(ws, 'profile.snapshot', {});
  assert.equal(denied.error.code, 1001);
  assert.equal(denied.error.data.reason, 'unauthorized');
  const bad = await rpc(ws, 'session.identify', { protocol: 1, token: 'nope' }, 2);
  assert.equal(bad.error.data.reason, 'unauthorized');
  const old = await rpc(ws, 'session.identify', { protocol: 9, token: mock.adminToken }, 3);
  assert.equal(old.error.data.reason, 'unsupported_protocol');
  ws.close();
});

test('a malformed frame is answered and the connection stays usable', async () => {
  const ws = await open();
  ws.send('{not json');
  assert.equal((await next(ws)).error.code, -32700);
  const ok = await rpc(ws, 'session.identify', { protocol: 1, token: mock.adminToken });
  assert.equal(typeof ok.result.rev, 'number');
  ws.close();
});

test('a search that does not parse is invalid params with the column', async () => {
  const ws = await open();
  await rpc(ws, 'session.identify', { protocol: 1, token: mock.adminToken });
  const answer = await rpc(ws, 'items.search', { query: 'power:>=high' }, 2);
  assert.equal(answer.error.code, -32602);
  assert.equal(answer.error.data.field, 'query');
  assert.match(answer.error.message, /column 7/);
  const found = await rpc(ws, 'items.search', { query: 'is:exotic -is:weapon or name:"mida"' }, 3);
  assert.deepEqual(found.result.items.map((i) => i.name).sort(), ["Heart of Inmost Light", 'MIDA Multi-Tool', "Nezarec's Sin", 'St0mp-EE5']);
  ws.close();
});

test('a transfer reports progress per step and its changes with consecutive revs', async () => {
  const ws = await open();
  const hello = await rpc(ws, 'session.identify', { protocol: 1, token: mock.adminToken });
  const events = [];
  ws.on('message', (d) => { const m = JSON.parse(String(d)); if (!('id' in m)) events.push(m); });
  const rose = mock.itemByName('Hothead');
  const answer = await rpc(ws, 'items.transfer', { id: rose.id, to: '2305843009260000003' }, 2);
  assert.equal(answer.result.ok, true);
  assert.equal(answer.result.bungieCalls, 1);
  const progress = events.filter((e) => e.method === 'operation.progress');
  assert.deepEqual(progress.map((e) => [e.params.step, e.params.of, e.params.ok]), [[1, 1, true]]);
  const changed = events.filter((e) => e.method === 'inventory.changed').flatMap((e) => e.params.changes);
  assert.deepEqual(changed.map((c) => c.rev), [hello.result.rev + 1]);
  const since = await rpc(ws, 'profile.changes', { since: hello.result.rev }, 3);
  assert.deepEqual(since.result.changes, changed);
  ws.close();
});

test('DaemonLink stops, and does not retry, when its token is refused', async () => {
  const link = new DaemonLink({ url: `ws://127.0.0.1:${mock.port}/ws`, token: 'revoked', client: { name: 't', kind: 'other', version: '0' }, WebSocketImpl: WebSocket, backoffMs: [1] });
  const states = [];
  link.addEventListener('state', (e) => states.push(e.detail.state));
  await link.start();
  const conn = link.connection;
  await new Promise((resolve) => conn.onClose(resolve));
  assert.deepEqual(states, ['connecting', 'unauthorized']);
  assert.equal(link.stopped, true);
  assert.equal(link.timer, null, 'no reconnect was scheduled');
});

test('DaemonLink catches up with profile.changes after missing events', async () => {
  const inventory = new Inventory();
  const link = new DaemonLink({ url: `ws://127.0.0.1:${mock.port}/ws`, token: mock.adminToken, client: { name: 't', kind: 'other', version: '0' }, inventory, WebSocketImpl: WebSocket, reconnect: false });
  await link.start();
  assert.equal(link.state, 'online');
  // Stop hearing inventory events, let the world move, then hear one event past the gap.
  await link.call('events.subscribe', { topics: ['session'] });
  const bygones = mock.itemByName('Bygones');
  await fetch(`${mock.url}/mock/move`, { method: 'POST', body: JSON.stringify({ id: bygones.id, to: '2305843009260000002' }) });
  await link.call('events.subscribe', { topics: ['inventory'] });
  const caughtUp = new Promise((resolve) => inventory.addEventListener('change', () => inventory.rev === mock.rev && resolve()));
  const edge = mock.itemByName('Edge Transit');
  await fetch(`${mock.url}/mock/move`, { method: 'POST', body: JSON.stringify({ id: edge.id, to: '2305843009260000002' }) });
  await caughtUp;
  assert.deepEqual(inventory.items.get(bygones.id).location, { kind: 'character', characterId: '2305843009260000002' });
  assert.deepEqual(inventory.items.get(edge.id).location, { kind: 'character', characterId: '2305843009260000002' });
  link.stop();
});
