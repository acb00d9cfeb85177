// One JSON-RPC exchange over a fresh WebSocket, from Node (no Origin header: a native client).
import WebSocket from 'ws';

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
