/**
 * Per-domain egress for one run: the host side starts an egress proxy on a unix socket in a user-only
 * folder; the sandbox gets no network namespace of its own beyond `lo`, the socket bound in, and a socat
 * relay from 127.0.0.1:3128 to it. Tools that honour the proxy variables reach allowed hosts; anything
 * else (raw sockets, tools that ignore the variables) finds no route at all.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EgressEvent, startEgressProxy } from './proxy';
import type { EgressHostLists } from './hosts';

/** Where the proxy sockets appear inside the sandbox (HTTP CONNECT / plain HTTP, and SOCKS5). */
export const SANDBOX_PROXY_SOCKET = '/run/agent-guard/egress.sock';
export const SANDBOX_SOCKS_SOCKET = '/run/agent-guard/socks.sock';
/** The in-sandbox loopback port the relay listens on (the sandbox's own network namespace: no clash). */
export const SANDBOX_PROXY_PORT = 3128;
export const SANDBOX_SOCKS_PORT = 1080;

export interface RunEgress {
  /** The sockets on the host, bound at SANDBOX_PROXY_SOCKET and SANDBOX_SOCKS_SOCKET inside. */
  hostSocket: string;
  hostSocksSocket: string;
  close(): Promise<void>;
}

export async function startRunEgress(lists: EgressHostLists & { lookup?: (host: string) => Promise<string[]> },
  onEvent: (event: EgressEvent) => void): Promise<RunEgress> {
  // A fresh folder only this user can enter: another local user can neither connect nor pre-create it.
  const dir = mkdtempSync(join(tmpdir(), 'agent-guard-egress-'));
  chmodSync(dir, 0o700);
  const socketPath = join(dir, 'proxy.sock');
  const socksSocketPath = join(dir, 'socks.sock');
  try {
    const proxy = await startEgressProxy({ ...lists, socketPath, socksSocketPath, onEvent });
    return { hostSocket: socketPath, hostSocksSocket: socksSocketPath, close: async () => {
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    } };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** The proxy variables, in both cases (curl reads lower case, many others upper case). */
export function egressEnv(): Record<string, string> {
  const proxy = `http://127.0.0.1:${SANDBOX_PROXY_PORT}`;
  const env: Record<string, string> = {};
  for (const name of ['http_proxy', 'https_proxy']) {
    env[name] = proxy;
    env[name.toUpperCase()] = proxy;
  }
  // socks5h: the proxy resolves the name (and checks the answer), never the client.
  env.all_proxy = env.ALL_PROXY = `socks5h://127.0.0.1:${SANDBOX_SOCKS_PORT}`;
  // The sandbox's loopback is its own; nothing else is reachable without the proxy anyway.
  env.no_proxy = env.NO_PROXY = 'localhost,127.0.0.1,::1';
  return env;
}

/** `/proc/net/tcp` line of a socket listening on 127.0.0.1:PORT: local address, any remote, state 0A. */
const listening = (port: number) => ` 0100007F:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A `;

/**
 * Runs `command` after both relays listen (so the first request never races them). Their output goes
 * nowhere; when the command exits, bubblewrap's PID namespace takes them down with it.
 */
export function withEgressRelay(socat: string, command: readonly string[]): string[] {
  const quoted = `'${socat.replace(/'/g, "'\\''")}'`;
  const relay = (port: number, socket: string) =>
    `${quoted} TCP-LISTEN:${port},bind=127.0.0.1,backlog=1024,fork,reuseaddr UNIX-CONNECT:${socket} </dev/null >/dev/null 2>&1 &`;
  const script = [
    relay(SANDBOX_PROXY_PORT, SANDBOX_PROXY_SOCKET),
    relay(SANDBOX_SOCKS_PORT, SANDBOX_SOCKS_SOCKET),
    'i=0',
    `until grep -q '${listening(SANDBOX_PROXY_PORT)}' /proc/net/tcp 2>/dev/null && grep -q '${listening(SANDBOX_SOCKS_PORT)}' /proc/net/tcp 2>/dev/null; do`,
    '  i=$((i+1)); if [ "$i" -gt 500 ]; then echo "agent-guard: the egress relay did not start" >&2; exit 125; fi',
    '  sleep 0.01',
    'done',
    'exec "$@"',
  ].join('\n');
  return ['/bin/sh', '-c', script, 'agent-guard-egress', ...command];
}
