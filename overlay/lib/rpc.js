// @ts-check
// The protocol client both faces share (PROTOCOL.md version 1): one JSON-RPC 2.0 connection over a
// WebSocket, and a DaemonLink that identifies, keeps an Inventory current and reconnects with
// back-off. This file is the one copy in git: the extension's build copies overlay/lib/ into
// extension/lib/. Typed against the generated protocol/ts/protocol.d.ts: a call names a method of
// its table and passes that method's params.
/**
 * @import { ErrorData, Event as ProtocolEvent, RpcError as WireError, MethodName, ParamsOf, Reason, ResultOf, SessionState, Account, ClientInfo, Topic } from '../../protocol/ts/protocol.js'
 * @import { Inventory } from './inventory.js'
 */
/**
 * A function that calls a method on the daemon, as `RpcConnection.call` does.
 * @typedef {<M extends MethodName>(method: M, params: ParamsOf<M>) => Promise<ResultOf<M>>} Call
 */
/**
 * What opens a socket: the browser's WebSocket, or the `ws` package's from Node.
 * @typedef {new (url: string) => WebSocket} SocketConstructor
 */

/** The protocol version these clients speak. */
export const PROTOCOL_VERSION = 1;

/** An error answer from the daemon, or a lost connection (`reason` "disconnected"). */
export class RpcError extends Error {
  /**
   * @param {number} code JSON-RPC's code or the daemon's (0 for a lost connection)
   * @param {string} message what went wrong, for a person to read
   * @param {ErrorData} [data] the reason and its details
   */
  constructor(code, message, data = {}) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
    this.data = data ?? {};
    /** @type {Reason | 'disconnected' | null} */
    this.reason = this.data.reason ?? null;
  }
}

/**
 * A lost or refused connection, as an RpcError whose reason is "disconnected".
 * @param {string} message
 */
export function disconnected(message) {
  const error = new RpcError(0, message);
  error.reason = 'disconnected';
  return error;
}

/** One open WebSocket speaking JSON-RPC 2.0: requests with ids, and server notifications. */
export class RpcConnection {
  /**
   * Opens `url`; rejects with a "disconnected" RpcError when nothing answers within `timeoutMs`.
   * @param {string} url
   * @param {{timeoutMs?: number, WebSocketImpl?: SocketConstructor}} [options]
   * @returns {Promise<RpcConnection>}
   */
  static open(url, { timeoutMs = 4000, WebSocketImpl = globalThis.WebSocket } = {}) {
    return new Promise((resolve, reject) => {
      /** @type {WebSocket} */
      let ws;
      try {
        ws = new WebSocketImpl(url);
      } catch (e) {
        reject(disconnected(`Cannot open ${url}: ${e.message}`));
        return;
      }
      const timer = setTimeout(() => {
        ws.close();
        reject(disconnected('The daemon did not answer'));
      }, timeoutMs);
      ws.onopen = () => {
        clearTimeout(timer);
        resolve(new RpcConnection(ws));
      };
      ws.onerror = () => {
        clearTimeout(timer);
        reject(disconnected('The daemon is not running (nothing listens on that port)'));
      };
    });
  }

  /** @param {WebSocket} ws an open socket */
  constructor(ws) {
    this.ws = ws;
    this.nextId = 1;
    /** @type {Map<number, {resolve: (result: any) => void, reject: (error: RpcError) => void}>} */
    this.pending = new Map();
    /** @type {((event: ProtocolEvent) => void)[]} */
    this.notificationHandlers = [];
    /** @type {(() => void)[]} */
    this.closeHandlers = [];
    ws.onmessage = (event) => this.receive(event.data);
    ws.onclose = () => {
      for (const { reject } of this.pending.values()) {
        reject(disconnected('The connection to the daemon was lost'));
      }
      this.pending.clear();
      for (const fn of this.closeHandlers) fn();
    };
  }

  /**
   * Sends one request and resolves with its `result`, or rejects with an RpcError.
   * @template {MethodName} M
   * @param {M} method a method of the protocol's table
   * @param {ParamsOf<M>} params that method's params
   * @returns {Promise<ResultOf<M>>}
   */
  call(method, params) {
    if (this.ws.readyState !== 1) {
      return Promise.reject(disconnected('Not connected to the daemon'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /**
   * Calls `fn({method, params})` for every notification the daemon pushes.
   * @param {(event: ProtocolEvent) => void} fn
   */
  onNotification(fn) {
    this.notificationHandlers.push(fn);
  }

  /**
   * Calls `fn()` once the socket has closed.
   * @param {() => void} fn
   */
  onClose(fn) {
    this.closeHandlers.push(fn);
  }

  /** Closes the socket; pending calls reject as disconnected. */
  close() {
    this.ws.close();
  }

  /** @param {string} text a frame from the daemon */
  receive(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    for (const msg of Array.isArray(frame) ? frame : [frame]) {
      if (!msg || typeof msg !== 'object') continue;
      const waiting = msg.id !== undefined && msg.id !== null ? this.pending.get(msg.id) : undefined;
      if (waiting) {
        this.pending.delete(msg.id);
        if (msg.error) waiting.reject(new RpcError(msg.error.code, msg.error.message ?? 'Unknown error', msg.error.data));
        else waiting.resolve(msg.result);
      } else if (typeof msg.method === 'string' && msg.id === undefined) {
        const event = /** @type {ProtocolEvent} */ ({ method: msg.method, params: msg.params ?? {} });
        for (const fn of this.notificationHandlers) fn(event);
      }
    }
  }
}

/**
 * What a person should read for an error: the daemon's message plus what to do about it.
 * @param {any} error an RpcError, another Error, or anything thrown
 * @returns {{kind: 'throttled' | 'maintenance' | 'signed_out' | 'disconnected' | 'error', text: string, retryAfterMs?: number}}
 */
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

/** @typedef {'connecting' | 'online' | 'offline' | 'unauthorized' | 'unsupported'} LinkState */
/**
 * The Bungie session as the daemon last said it: its state, the account, and the daemon's words
 * for it (why a player is signed out, what to change).
 * @typedef {{state: SessionState | null, account: Account | null, message?: string}} LinkSession
 */
/**
 * What a DaemonLink tells its listeners (`link.on(type, fn)`).
 * @typedef {object} LinkEvents
 * @property {CustomEvent<{state: LinkState, error?: RpcError}>} state the connection's state changed
 * @property {CustomEvent<LinkSession>} session the Bungie session's state
 * @property {CustomEvent<ProtocolEvent>} event a notification from the daemon
 */

/**
 * A session with the daemon that survives disconnects. Emits `state` events (detail: `{state,
 * error?}` with state one of `connecting`, `online`, `offline`, `unauthorized`, `unsupported`), `session`
 * (detail: the Bungie session state), and `event` (detail: `{method, params}`) for every
 * notification. It keeps `inventory` current: snapshot at first, `profile.changes` after a gap
 * or a reconnect.
 */
export class DaemonLink extends EventTarget {
  /**
   * @param {object} options
   * @param {string} options.url the daemon's WebSocket address
   * @param {string} options.token the token to identify with
   * @param {ClientInfo} options.client how this client names itself
   * @param {Inventory} [options.inventory] the mirror to keep current
   * @param {Topic[]} [options.subscribe] the event topics (every topic when left out)
   * @param {boolean} [options.reconnect] keep reconnecting after a loss (default true)
   * @param {number[]} [options.backoffMs] the waits between tries
   * @param {SocketConstructor} [options.WebSocketImpl] another WebSocket (Node's tests)
   */
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
    /** @type {RpcConnection | null} */
    this.connection = null;
    /** @type {LinkState} */
    this.state = 'offline';
    /** @type {LinkSession | null} */
    this.session = null;
    this.stopped = false;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.timer = null;
  }

  /**
   * Calls `listener` with each event of `type` (see LinkEvents).
   * @template {keyof LinkEvents} K
   * @param {K} type
   * @param {(event: LinkEvents[K]) => void} listener
   */
  on(type, listener) {
    this.addEventListener(type, /** @type {EventListener} */ (listener));
  }

  /** Connects (and keeps reconnecting while `reconnect` is on). Resolves after the first try. */
  async start() {
    this.stopped = false;
    await this.connectOnce();
  }

  /** Closes the connection and stops reconnecting. */
  stop() {
    this.stopped = true;
    clearTimeout(this.timer ?? undefined);
    this.connection?.close();
  }

  /**
   * Calls a method on the live connection.
   * @template {MethodName} M
   * @param {M} method
   * @param {ParamsOf<M>} params
   * @returns {Promise<ResultOf<M>>}
   */
  call(method, params) {
    if (!this.connection || this.state !== 'online') {
      return Promise.reject(disconnected('Not connected to the daemon'));
    }
    return this.connection.call(method, params);
  }

  /**
   * @param {LinkState} state
   * @param {RpcError} [error]
   */
  setState(state, error) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, error } }));
  }

  /** One try: open, identify, bring the inventory up to date; on failure, schedule the next. */
  async connectOnce() {
    clearTimeout(this.timer ?? undefined);
    this.setState('connecting');
    /** @type {RpcConnection} */
    let conn;
    try {
      conn = await RpcConnection.open(this.url, this.WebSocketImpl ? { WebSocketImpl: this.WebSocketImpl } : {});
    } catch (e) {
      this.setState('offline', e);
      this.scheduleReconnect();
      return;
    }
    this.connection = conn;
    conn.onNotification((event) => this.notified(event));
    conn.onClose(() => {
      if (this.connection !== conn) return;
      this.connection = null;
      if (this.state !== 'unauthorized' && this.state !== 'unsupported') this.setState('offline', disconnected('The connection to the daemon was lost'));
      this.scheduleReconnect();
    });
    try {
      const hello = await conn.call('session.identify', {
        protocol: PROTOCOL_VERSION, token: this.token, client: this.client, subscribe: this.subscribe,
      });
      this.attempt = 0;
      this.setSession(hello.session?.state ?? null, hello.session?.account ?? null, hello.session?.message);
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

  /** Tries again after the next back-off, unless stopped. */
  scheduleReconnect() {
    if (this.stopped || !this.reconnect) return;
    const delay = this.backoffMs[Math.min(this.attempt, this.backoffMs.length - 1)];
    this.attempt += 1;
    this.timer = setTimeout(() => this.connectOnce(), delay);
  }

  /**
   * @param {SessionState | null} state
   * @param {Account | null} account the account, or null to keep the one known
   * @param {string} [message] the daemon's words for the state
   */
  setSession(state, account, message) {
    this.session = { state, account: account ?? this.session?.account ?? null, message };
    this.dispatchEvent(new CustomEvent('session', { detail: this.session }));
  }

  /** @param {ProtocolEvent} event a notification from the daemon */
  notified(event) {
    if (event.method === 'inventory.changed' && this.inventory && this.connection) {
      const conn = this.connection;
      this.inventory.receive(event.params, (m, p) => conn.call(m, p)).catch(() => conn.close());
    } else if (event.method === 'session.changed') {
      this.setSession(event.params.state, null, event.params.message);
    }
    this.dispatchEvent(new CustomEvent('event', { detail: event }));
  }
}

/**
 * The message of a failed step's `error`, whether the daemon sends an object or a string.
 * @param {Partial<WireError> | string | null | undefined} error
 */
export function stepErrorText(error) {
  if (typeof error === 'string') return error;
  return error?.message ?? 'failed';
}

/**
 * The daemon's address for an item or emblem icon path (Bungie's `/common/…` path under `/icons`).
 * @param {string} base the daemon's http address
 * @param {string | null | undefined} icon
 */
export function iconUrl(base, icon) {
  if (typeof icon !== 'string' || !icon.startsWith('/')) return '';
  return `${base}/icons${icon}`;
}
