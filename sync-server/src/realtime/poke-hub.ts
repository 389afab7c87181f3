import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TokenService } from '../auth/tokens';
import type { Logger } from '../logger';

/**
 * Tells a user's other devices that their data changed, so they sync within a second.
 * Devices connect to `/api/v1/realtime?clientId=…` over WebSocket and send their access
 * token as the first message (`{"token": "…"}`: tokens stay out of URLs and logs); the hub
 * answers `{"type":"ready"}`, then sends `{"type":"poke"}` after each change by another device.
 */
export class PokeHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly byUser = new Map<string, Set<{ socket: WebSocket; clientId: string }>>();

  constructor(
    private readonly tokens: TokenService,
    private readonly logger: Logger,
    /** Whether an Origin may connect; `self` is this server's own origin as the request names it. */
    private readonly isAllowedOrigin: (origin: string | undefined, self: string[]) => boolean,
  ) {}

  /** Call from the HTTP server's `upgrade` event; returns false when the path is not ours. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/v1/realtime') return false;
    const host = request.headers.host ?? '';
    if (!this.isAllowedOrigin(request.headers.origin, [`http://${host}`, `https://${host}`])) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return true;
    }
    const clientId = url.searchParams.get('clientId') ?? '';
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, clientId));
    return true;
  }

  private accept(ws: WebSocket, clientId: string): void {
    const timeout = setTimeout(() => ws.close(4401, 'no token'), 5000);
    ws.once('message', async (raw) => {
      clearTimeout(timeout);
      try {
        const { token } = JSON.parse(String(raw)) as { token?: string };
        const userId = await this.tokens.verifyAccess(token ?? '');
        const entry = { socket: ws, clientId };
        let set = this.byUser.get(userId);
        if (!set) this.byUser.set(userId, (set = new Set()));
        set.add(entry);
        ws.on('close', () => {
          set!.delete(entry);
          if (set!.size === 0) this.byUser.delete(userId);
        });
        ws.send(JSON.stringify({ type: 'ready' }));
      } catch {
        ws.close(4401, 'invalid token');
      }
    });
  }

  poke(userId: string, exceptClientId?: string): void {
    for (const { socket, clientId } of this.byUser.get(userId) ?? []) {
      if (clientId !== exceptClientId && socket.readyState === socket.OPEN) socket.send('{"type":"poke"}');
    }
  }

  /** Disconnects a user's devices (account deleted). */
  disconnect(userId: string): void {
    for (const { socket } of this.byUser.get(userId) ?? []) socket.close(4401, 'signed out');
    this.byUser.delete(userId);
  }

  get connections(): number {
    let count = 0;
    for (const set of this.byUser.values()) count += set.size;
    return count;
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.logger.debug('realtime closed');
  }
}
