// The protocol client both faces share (PROTOCOL.md version 1): one JSON-RPC 2.0 connection over a
// WebSocket, and a DaemonLink that identifies, keeps an Inventory current and reconnects with
// back-off. This file is the one copy in git: the extension's build copies overlay/lib/ into
// extension/lib/.

/** The protocol version these clients speak. */
export const PROTOCOL_VERSION = 1;

/** An error answer from the daemon, or a lost connection (`reason` "disconnected"). */
export class RpcError extends Error {
  constructor(code, message, data = {}) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
    this.data = data ?? {};
    this.reason = this.data.reason ?? null;
  }
}

/** One open WebSocket speaking JSON-RPC 2.0: requests with ids, and server notifications. */
export class RpcConnection {
  /** Opens `url`; rejects with a "disconnected" RpcError when nothing answers within `timeoutMs`. */
  static open(url, { timeoutMs = 4000, WebSocketImpl = globalThis.WebSocket } = {}) {
    return new Promise((resolve, reject) => {
      let ws;
      try {
        ws = new WebSocketImpl(url);
      } catch (e) {
        reject(new RpcError(0, `Cannot open ${url}: ${e.message}`, { reason: 'disconnected' }));
        return;
      }
      const timer = setTimeout(() => {
        ws.close();
        reject(new RpcError(0, 'The daemon did not answer', { reason: 'disconnected' }));
      }, timeoutMs);
      ws.onopen = () => {
        clearTimeout(timer);
        resolve(new RpcConnection(ws));
      };
      ws.onerror = () => {
        clearTimeout(timer);
        reject(new RpcError(0, 'The daemon is not running (nothing listens on that port)', { reason: 'disconnected' }));
      };
    });
  }

  constructor(ws) {
    this.ws = ws;
    this.nextId = 1;
    this.pending = new Map();
    this.notificationHandlers = [];
    this.closeHandlers = [];
    ws.onmessage = (event) => this.receive(event.data);
    ws.onclose = () => {
      for (const { reject } of this.pending.values()) {
        reject(new RpcError(0, 'The connection to the daemon was lost', { reason: 'disconnected' }));
      }
      this.pending.clear();
      for (const fn of this.closeHandlers) fn();
    };
  }

  /** Sends one request and resolves with its `result`, or rejects with an RpcError. */
  call(method, params = {}) {
    if (this.ws.readyState !== 1) {
      return Promise.reject(new RpcError(0, 'Not connected to the daemon', { reason: 'disconnected' }));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** Calls `fn(method, params)` for every notification the daemon pushes. */
  onNotification(fn) {
    this.notificationHandlers.push(fn);
  }

  /** Calls `fn()` once the socket has closed. */
  onClose(fn) {
    this.closeHandlers.push(fn);
  }

  /** Closes the socket; pending calls reject as disconnected. */
  close() {
    this.ws.close();
  }

  receive(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    for (const msg of Array.isArray(frame) ? frame : [frame]) {
      if (!msg || typeof msg !== 'object') continue;
      if (msg.id !== undefined && msg.id !== null && this.pending.has(msg.id)) {
        const { resolve, reject } = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) reject(new RpcError(msg.error.code, msg.error.message ?? 'Unknown error', msg.error.data));
        else resolve(msg.result);
      } else if (typeof msg.method === 'string' && msg.id === undefined) {
        for (const fn of this.notificationHandlers) fn(msg.method, msg.params ?? {});
      }
    }
  }
}

/** What a person should read for an error: the daemon's message plus what to do about it. */
export function describeError(error) {
  const reason = error?.reason ?? error?.data?.reason;
  const message = error?.message ?? String(error);
  if (reason === 'bungie_throttled') {
    const seconds = Math.max(1, Math.ceil((error.data?.retryAfterMs ?? 1000) / 1000));
    return { kind: 'throttled', text: `${message} (retry in ${seconds} s)`, retryAfterMs: error.data?.retryAfterMs ?? 1000 };
  }
  if (reason === 'bungie_unavailable') return { kind: 'maintenance', text: message };
  if (reason === 'signed_out') return { kind: 'signed_out', text: message };
  if (reason === 'disconnected') return { kind: 'disconnected', text: message };
  return { kind: 'error', text: message };
}

/**
 * A session with the daemon that survives disconnects. Emits `state` events (detail: `{state,
 * error?}` with state one of `connecting`, `online`, `offline`, `unauthorized`, `unsupported`), `session`
 * (detail: the Bungie session state), and `event` (detail: `{method, params}`) for every
 * notification. It keeps `inventory` current: snapshot at first, `profile.changes` after a gap
 * or a reconnect.
 */
export class DaemonLink extends EventTarget {
  constructor({ url, token, client, inventory, subscribe, reconnect = true, backoffMs = [500, 1000, 2000, 4000, 8000, 15000], WebSocketImpl }) {
    super();
    this.WebSocketImpl = WebSocketImpl;
    this.url = url;
    this.token = token;
    this.client = client;
    this.inventory = inventory;
    this.subscribe = subscribe;
    this.reconnect = reconnect;
    this.backoffMs = backoffMs;
    this.attempt = 0;
    this.connection = null;
    this.state = 'offline';
    this.session = null;
    this.stopped = false;
    this.timer = null;
  }

  /** Connects (and keeps reconnecting while `reconnect` is on). Resolves after the first try. */
  async start() {
    this.stopped = false;
    await this.connectOnce();
  }

  /** Closes the connection and stops reconnecting. */
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.connection?.close();
  }

  /** Calls a method on the live connection. */
  call(method, params = {}) {
    if (!this.connection || this.state !== 'online') {
      return Promise.reject(new RpcError(0, 'Not connected to the daemon', { reason: 'disconnected' }));
    }
    return this.connection.call(method, params);
  }

  setState(state, error) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, error } }));
  }

  async connectOnce() {
    clearTimeout(this.timer);
    this.setState('connecting');
    let conn;
    try {
      conn = await RpcConnection.open(this.url, this.WebSocketImpl ? { WebSocketImpl: this.WebSocketImpl } : {});
    } catch (e) {
      this.setState('offline', e);
      this.scheduleReconnect();
      return;
    }
    this.connection = conn;
    conn.onNotification((method, params) => this.notified(method, params));
    conn.onClose(() => {
      if (this.connection !== conn) return;
      this.connection = null;
      if (this.state !== 'unauthorized' && this.state !== 'unsupported') this.setState('offline', new RpcError(0, 'The connection to the daemon was lost', { reason: 'disconnected' }));
      this.scheduleReconnect();
    });
    try {
      const hello = await conn.call('session.identify', {
        protocol: PROTOCOL_VERSION, token: this.token, client: this.client, subscribe: this.subscribe,
      });
      this.attempt = 0;
      this.setSession(hello.session?.state ?? null, hello.session?.account ?? null);
      this.state = 'online';
      if (this.inventory) await this.inventory.sync((m, p) => conn.call(m, p), hello.rev);
      this.setState('online');
    } catch (e) {
      if (e.reason === 'unauthorized' || e.reason === 'unsupported_protocol') {
        // Trying again cannot help: the player must pair again, or update one side.
        this.stopped = true;
        this.setState(e.reason === 'unauthorized' ? 'unauthorized' : 'unsupported', e);
      } else {
        // A failed identify or catch-up: drop the socket; the reconnect starts over cleanly.
        this.setState('offline', e);
      }
      conn.close();
    }
  }

  scheduleReconnect() {
    if (this.stopped || !this.reconnect) return;
    const delay = this.backoffMs[Math.min(this.attempt, this.backoffMs.length - 1)];
    this.attempt += 1;
    this.timer = setTimeout(() => this.connectOnce(), delay);
  }

  setSession(state, account) {
    this.session = { state, account: account ?? this.session?.account ?? null };
    this.dispatchEvent(new CustomEvent('session', { detail: this.session }));
  }

  notified(method, params) {
    if (method === 'inventory.changed' && this.inventory && this.connection) {
      const conn = this.connection;
      this.inventory.receive(params, (m, p) => conn.call(m, p)).catch(() => conn.close());
    } else if (method === 'session.changed') {
      this.setSession(params.state, null);
    }
    this.dispatchEvent(new CustomEvent('event', { detail: { method, params } }));
  }
}

/** The message of a failed step's `error`, whether the daemon sends an object or a string. */
export function stepErrorText(error) {
  if (typeof error === 'string') return error;
  return error?.message ?? 'failed';
}

/** The daemon's address for an item or emblem icon path (Bungie's `/common/…` path under `/icons`). */
export function iconUrl(base, icon) {
  if (typeof icon !== 'string' || !icon.startsWith('/')) return '';
  return `${base}/icons${icon}`;
}
