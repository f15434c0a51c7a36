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

/** Where the proxy socket appears inside the sandbox. */
export const SANDBOX_PROXY_SOCKET = '/run/agent-guard/egress.sock';
/** The in-sandbox loopback port the relay listens on (the sandbox's own network namespace: no clash). */
export const SANDBOX_PROXY_PORT = 3128;

export interface RunEgress {
  /** The socket on the host, bound at SANDBOX_PROXY_SOCKET inside. */
  hostSocket: string;
  close(): Promise<void>;
}

export async function startRunEgress(lists: EgressHostLists & { lookup?: (host: string) => Promise<string[]> },
  onEvent: (event: EgressEvent) => void): Promise<RunEgress> {
  // A fresh folder only this user can enter: another local user can neither connect nor pre-create it.
  const dir = mkdtempSync(join(tmpdir(), 'agent-guard-egress-'));
  chmodSync(dir, 0o700);
  const socketPath = join(dir, 'proxy.sock');
  try {
    const proxy = await startEgressProxy({ ...lists, socketPath, onEvent });
    return { hostSocket: socketPath, close: async () => {
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
  for (const name of ['http_proxy', 'https_proxy', 'all_proxy']) {
    env[name] = proxy;
    env[name.toUpperCase()] = proxy;
  }
  // The sandbox's loopback is its own; nothing else is reachable without the proxy anyway.
  env.no_proxy = env.NO_PROXY = 'localhost,127.0.0.1,::1';
  return env;
}

/** `/proc/net/tcp` line of a socket listening on 127.0.0.1:PORT: local address, any remote, state 0A. */
const LISTENING = ` 0100007F:${SANDBOX_PROXY_PORT.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A `;

/**
 * Runs `command` after the relay listens (so the first request never races it). The relay's output goes
 * nowhere; when the command exits, bubblewrap's PID namespace takes the relay down with it.
 */
export function withEgressRelay(socat: string, command: readonly string[]): string[] {
  const script = [
    `'${socat.replace(/'/g, "'\\''")}' TCP-LISTEN:${SANDBOX_PROXY_PORT},bind=127.0.0.1,backlog=1024,fork,reuseaddr UNIX-CONNECT:${SANDBOX_PROXY_SOCKET} </dev/null >/dev/null 2>&1 &`,
    'i=0',
    `while ! grep -q '${LISTENING}' /proc/net/tcp 2>/dev/null; do`,
    '  i=$((i+1)); if [ "$i" -gt 500 ]; then echo "agent-guard: the egress relay did not start" >&2; exit 125; fi',
    '  sleep 0.01',
    'done',
    'exec "$@"',
  ].join('\n');
  return ['/bin/sh', '-c', script, 'agent-guard-egress', ...command];
}
