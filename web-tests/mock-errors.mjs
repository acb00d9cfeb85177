// The mock daemon's protocol errors: JSON-RPC code, the stable `data.reason`, a readable message.

/** A protocol error: JSON-RPC code, stable reason and data. */
export class RpcError extends Error {
  constructor(code, reason, message, data = {}) {
    super(message);
    this.code = code;
    this.data = reason ? { reason, ...data } : data;
  }
}
/** The errors the mock raises most. */
export const err = {
  invalid: (field, message) => new RpcError(-32602, null, message, { field }),
  unauthorized: () => new RpcError(1001, 'unauthorized', 'This client is not paired with the daemon; pair it first'),
  pairing: (m) => new RpcError(1002, 'pairing_failed', m),
  item: (id) => new RpcError(2001, 'item_not_found', `No item ${id} in the inventory`),
  character: (id) => new RpcError(2002, 'character_not_found', `No character ${id} on this account`),
};
