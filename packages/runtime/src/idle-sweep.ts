import type * as http from 'node:http';
import type { Socket } from 'node:net';

/**
 * Closes connections with no traffic in either direction for `idleMs`, checked by one timer for the whole server.
 *
 * node:http's own idle timeout (`server.timeout`) arms a timer per socket and refreshes it on every read and every
 * write: three timer-list operations and clock reads per request, which under 50 busy keep-alive connections cost
 * more than parsing the request. Here a socket's traffic is its byte counters, sampled every `intervalMs`: a socket
 * whose counters have not moved for `idleMs` is destroyed (so the timeout fires between `idleMs` and
 * `idleMs + intervalMs` after the last byte). Bytes queued for a client that stopped reading do not count as traffic
 * once queued, so a stalled response is closed as node's timeout would close it.
 */
export function sweepIdleConnections(server: http.Server, idleMs: number, intervalMs: number): void {
  if (!(idleMs > 0)) return;
  const sockets = new Map<Socket, { bytes: number; since: number }>();
  let timer: ReturnType<typeof setInterval> | undefined;
  const sweep = (): void => {
    const now = Date.now();
    for (const [socket, seen] of sockets) {
      if (socket.destroyed) {
        sockets.delete(socket);
        continue;
      }
      const bytes = socket.bytesRead + socket.bytesWritten;
      if (bytes !== seen.bytes) {
        seen.bytes = bytes;
        seen.since = now;
      } else if (now - seen.since >= idleMs) {
        sockets.delete(socket);
        socket.destroy();
      }
    }
    if (sockets.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  server.on('connection', (socket: Socket) => {
    sockets.set(socket, { bytes: 0, since: Date.now() });
    socket.once('close', () => sockets.delete(socket));
    if (timer === undefined) {
      timer = setInterval(sweep, intervalMs);
      timer.unref();
    }
  });
  server.on('close', () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  });
}
