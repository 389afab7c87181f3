import net from 'node:net';

/**
 * A keep-alive TCP connection for the load generators: requests are written as raw HTTP/1.1 by
 * the caller, and each response (with a Content-Length) is read with a minimal parser and handed
 * to `onResponse` — no HTTP client library, so the generator's own cost stays small.
 */
export function connectRaw(target: URL, onResponse: (status: number, body: Buffer) => void): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(target.port), target.hostname, () => resolve(socket));
    socket.setNoDelay(true);
    socket.on('error', reject);
    let buffer: Buffer = Buffer.alloc(0);
    let need = -1;
    let bodyStart = 0;
    let status = 0;
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      for (;;) {
        if (need < 0) {
          const end = buffer.indexOf('\r\n\r\n');
          if (end < 0) return;
          const head = buffer.subarray(0, end).toString('latin1');
          const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
          if (!length) throw new Error(`response without Content-Length: ${head}`);
          bodyStart = end + 4;
          need = bodyStart + Number(length[1]);
          status = Number(head.slice(9, 12));
        }
        if (buffer.length < need) return;
        const body = buffer.subarray(bodyStart, need);
        buffer = buffer.subarray(need);
        need = -1;
        onResponse(status, body);
      }
    });
  });
}
