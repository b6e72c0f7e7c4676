/**
 * A TCP proxy of the tests' own between the service and PostgreSQL, to break the network on cue:
 * - refuse(): nothing listens (ECONNREFUSED) and established connections are reset;
 * - stall(): everything is accepted and nothing is forwarded, on new and established connections
 *   alike (a frozen server or a partition); restore() delivers what was held back;
 * - drop(): established connections silently stop forwarding, without a reset ever arriving (a
 *   NAT or firewall that forgot them); new connections work. Dropped connections stay dead.
 */
import net from 'node:net';

type Mode = 'forward' | 'refuse' | 'stall';

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  dead: boolean;
  held: Array<[net.Socket, Buffer]>;
}

export interface TcpProxy {
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  refuse(): Promise<void>;
  stall(): void;
  drop(): void;
  restore(): Promise<void>;
  /** Connections currently open through the proxy (dead ones included). */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: Mode = 'forward';
  const pairs = new Set<Pair>();

  const forward = (pair: Pair, from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk: Buffer) => {
      if (pair.dead) return;
      if (mode === 'stall') pair.held.push([to, chunk]);
      else to.write(chunk);
    });
  };

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const pair: Pair = { client, upstream, dead: false, held: [] };
    pairs.add(pair);
    forward(pair, client, upstream);
    forward(pair, upstream, client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    // A dead pair never reports anything to the other side: that is the point of drop().
    client.on('close', () => {
      if (!pair.dead) end();
      else pairs.delete(pair);
    });
    upstream.on('close', () => {
      if (!pair.dead) end();
    });
    client.on('error', () => {});
    upstream.on('error', () => {});
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    via(url: string) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async refuse() {
      mode = 'refuse';
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const pair of pairs) {
        pair.client.resetAndDestroy();
        pair.upstream.destroy();
      }
      pairs.clear();
      await closed;
    },
    stall() {
      mode = 'stall';
    },
    drop() {
      for (const pair of pairs) {
        pair.dead = true;
        // The server side may go; the client side is left open and silent, as after a lost route.
        pair.upstream.destroy();
      }
    },
    async restore() {
      const was = mode;
      mode = 'forward';
      if (was === 'refuse') await listen(port);
      for (const pair of pairs) {
        for (const [to, chunk] of pair.held.splice(0)) if (!pair.dead) to.write(chunk);
      }
    },
    get connections() {
      return pairs.size;
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      pairs.clear();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
