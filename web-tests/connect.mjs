// @ts-check
// The tests' side of the protocol: the faces' own client (overlay/lib/rpc.js) over the `ws`
// package's WebSocket, from Node (no Origin header: a native client, as the command line is).
import WebSocket from 'ws';
import { PROTOCOL_VERSION, RpcConnection } from '../overlay/lib/rpc.js';
/**
 * @import { Topic } from '../protocol/ts/protocol.js'
 * @import { SocketConstructor } from '../overlay/lib/rpc.js'
 */

/** How the tests name themselves to the daemon. */
export const TEST_CLIENT = /** @type {const} */ ({ name: 'web-tests', kind: 'cli', version: '0.1.0' });

/** The `ws` package's WebSocket, which offers the browser's interface (onopen, onmessage, send, close). */
export const NodeWebSocket = /** @type {SocketConstructor} */ (/** @type {unknown} */ (WebSocket));

/**
 * Opens a connection to `wsUrl` and identifies with `token`, subscribed to `subscribe` (no topic
 * by default); rejects with the daemon's RpcError when it refuses.
 * @param {string} wsUrl
 * @param {string} token
 * @param {Topic[]} [subscribe]
 */
export async function connect(wsUrl, token, subscribe = []) {
  const conn = await RpcConnection.open(wsUrl, { WebSocketImpl: NodeWebSocket });
  try {
    await conn.call('session.identify', { protocol: PROTOCOL_VERSION, token, client: TEST_CLIENT, subscribe });
  } catch (error) {
    conn.close();
    throw error;
  }
  return conn;
}
