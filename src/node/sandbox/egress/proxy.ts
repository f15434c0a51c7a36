/**
 * The egress proxy a sandbox with per-domain network reaches (through a unix socket; see bridge.ts). It
 * speaks HTTP CONNECT by host name and plain HTTP with absolute URIs, checks the host against the allow-list,
 * resolves the name itself and refuses any target that resolves to a non-public address (DNS rebinding),
 * then connects to the exact address it checked. Every request is reported once, allowed or denied.
 */
import { createServer, request as httpRequest, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { connect, isIP, Socket } from 'node:net';
import { lookup as dnsLookup } from 'node:dns/promises';
import type { Duplex } from 'node:stream';
import { blockedAddressReason } from './addresses';
import { compileHostRules, EgressHostLists, normalizeHost } from './hosts';
import { GateTarget, startSocksFront } from './socks';

/** One request through the proxy, as the audit log records it (no paths, no headers: hosts only). */
export interface EgressEvent {
  /** The host the client asked for, normalized (lower case, no brackets). */
  host: string;
  port: number;
  /** `CONNECT` for a tunnel (HTTPS and anything else), else the plain-HTTP method. */
  method: string;
  decision: 'allow' | 'deny';
  /** Plain words: the allow rule that matched, or why it was refused. */
  reason: string;
  /** The address the proxy connected to (or the one that got the request refused). */
  address?: string;
  /** Set when an allowed request still failed: the name did not resolve or the upstream did not answer. */
  error?: string;
}

export interface EgressProxyOptions extends EgressHostLists {
  /** Unix socket path to listen on; its folder should be private to the user. */
  socketPath: string;
  /** Name resolution; defaults to the system resolver. Tests inject a map here. Returns every address. */
  lookup?: (host: string) => Promise<string[]>;
  /** Told about every request once its outcome is known; a throwing listener is ignored. */
  onEvent?: (event: EgressEvent) => void;
  /** How long resolving plus connecting to the upstream may take, ms. */
  connectTimeoutMs?: number;
  /** A second unix socket for the SOCKS5 front (same allow-list and checks); none when absent. */
  socksSocketPath?: string;
}

export interface EgressProxy {
  socketPath: string;
  /** Stops listening and cuts every open tunnel. */
  close(): Promise<void>;
}

type Target = GateTarget;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

async function systemLookup(host: string): Promise<string[]> {
  return (await dnsLookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Split `host:port` / `[v6]:port` of a CONNECT request line; undefined when malformed. */
export function parseAuthority(authority: string): { host: string; port: number } | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(authority);
  const port = Number(match?.[2]);
  if (!match?.[1] || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host: normalizeHost(match[1]), port };
}

export async function startEgressProxy(options: EgressProxyOptions): Promise<EgressProxy> {
  const judge = compileHostRules(options);
  const lookup = options.lookup ?? systemLookup;
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  const open = new Set<Socket | Duplex>();
  const track = (socket: Socket | Duplex) => { open.add(socket); socket.once('close', () => open.delete(socket)); };
  const report = (event: EgressEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // the listener's problem; the proxy keeps serving
    }
  };

  /** The allow-list, then resolution, then the address check: the order that makes rebinding useless. */
  const resolveTarget = async (host: string): Promise<Target> => {
    const verdict = judge(host);
    if (verdict.decision === 'deny') return { ok: false, status: 403, decision: 'deny', reason: verdict.reason };
    let addresses: string[];
    try {
      addresses = isIP(host) !== 0 ? [host] : await withTimeout(lookup(host), timeoutMs, 'name resolution');
    } catch (e) {
      return { ok: false, status: 502, decision: 'allow', reason: `allowed by ${verdict.rule}`, address: undefined, ...errorOf(e, 'the name did not resolve') };
    }
    if (addresses.length === 0) return { ok: false, status: 502, decision: 'allow', reason: `allowed by ${verdict.rule}; the name did not resolve` };
    // Any non-public answer refuses the name: a rebinding server mixes public and private answers.
    for (const address of addresses) {
      const why = blockedAddressReason(address);
      if (why) return { ok: false, status: 403, decision: 'deny', reason: `${isIP(host) !== 0 ? 'is' : 'resolves to'} ${address}, ${why}`, address };
    }
    return { ok: true, address: addresses[0] as string, rule: verdict.rule };
  };

  const server = createServer();
  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    client.on('error', () => client.destroy());
    void tunnel(req, client, head);
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => { void forward(req, res); });
  server.on('clientError', (_e, socket) => { socket.destroy(); });

  const tunnel = async (req: IncomingMessage, client: Duplex, head: Buffer) => {
    const authority = parseAuthority(req.url ?? '');
    if (!authority) {
      report({ host: String(req.url ?? '').slice(0, 255), port: 0, method: 'CONNECT', decision: 'deny', reason: 'a malformed CONNECT target' });
      client.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const base = { host: authority.host, port: authority.port, method: 'CONNECT' };
    const target = await resolveTarget(authority.host);
    if (!target.ok) {
      report({ ...base, decision: target.decision, reason: target.reason, ...(target.address ? { address: target.address } : {}), ...errorField(target) });
      client.end(refusalHead(target.status, `${authority.host}: ${target.reason}`));
      return;
    }
    const upstream = connect({ host: target.address, port: authority.port });
    track(upstream);
    const timer = setTimeout(() => upstream.destroy(new Error(`connect timed out after ${timeoutMs} ms`)), timeoutMs);
    let established = false;
    upstream.once('connect', () => {
      established = true;
      clearTimeout(timer);
      report({ ...base, decision: 'allow', reason: `allowed by ${target.rule}`, address: target.address });
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', (e) => {
      clearTimeout(timer);
      if (!established) {
        report({ ...base, decision: 'allow', reason: `allowed by ${target.rule}`, address: target.address, error: e.message });
        client.end(refusalHead(502, `${authority.host}: ${e.message}`));
      } else client.destroy();
    });
    client.once('close', () => upstream.destroy());
    // Before the tunnel is up the client still gets its 502 (written above); after, a closed upstream ends it.
    upstream.once('close', () => { if (established) client.destroy(); });
  };

  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      report({ host: '', port: 0, method: req.method ?? '', decision: 'deny', reason: 'not an absolute http:// URL (a proxy request needs one)' });
      return refuse(res, 400, 'Agent Guard egress proxy: send an absolute http:// URL, or CONNECT host:port.');
    }
    const port = url.port ? Number(url.port) : 80;
    const base = { host: normalizeHost(url.hostname), port, method: req.method ?? 'GET' };
    if (url.protocol !== 'http:') {
      report({ ...base, decision: 'deny', reason: `${url.protocol} is not proxied as a plain request (use CONNECT)` });
      return refuse(res, 400, 'Agent Guard egress proxy: only http:// is forwarded as a plain request; https goes through CONNECT.');
    }
    const target = await resolveTarget(base.host);
    if (!target.ok) {
      report({ ...base, decision: target.decision, reason: target.reason, ...(target.address ? { address: target.address } : {}), ...errorField(target) });
      return refuse(res, target.status, `Agent Guard egress: ${base.host}: ${target.reason}`);
    }
    const upstream = httpRequest({ host: target.address, port, method: req.method, path: `${url.pathname}${url.search}`,
      headers: { ...endToEnd(req.headers), host: url.host }, setHost: false, timeout: timeoutMs, agent: false });
    upstream.once('response', (answer) => {
      report({ ...base, decision: 'allow', reason: `allowed by ${target.rule}`, address: target.address });
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(res);
    });
    upstream.once('timeout', () => upstream.destroy(new Error(`the upstream did not answer within ${timeoutMs} ms`)));
    upstream.once('error', (e) => {
      if (res.headersSent) return void res.destroy();
      report({ ...base, decision: 'allow', reason: `allowed by ${target.rule}`, address: target.address, error: e.message });
      refuse(res, 502, `Agent Guard egress: ${base.host}: ${e.message}`);
    });
    req.pipe(upstream);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.socketPath, () => { server.off('error', reject); resolve(); });
  });
  const socks = options.socksSocketPath !== undefined ? await startSocksFront(options.socksSocketPath, { resolveTarget, report, track, timeoutMs }) : undefined;
  return { socketPath: options.socketPath, close: async () => { await Promise.all([closeServer(server, open), ...(socks ? [closeServer(socks, open)] : [])]); } };
}

function errorOf(e: unknown, fallback: string): { error: string } {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return { error: code ? `${fallback} (${code})` : e instanceof Error ? e.message : fallback };
}

function errorField(target: Extract<Target, { ok: false }>): { error?: string } {
  return target.error !== undefined ? { error: target.error } : {};
}

function endToEnd(headers: IncomingMessage['headers']): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name)));
}

function refusalHead(status: number, message: string): string {
  const body = `Agent Guard egress: ${message.replace(/[\r\n]+/g, ' ')}\n`;
  const text = status === 403 ? 'Forbidden' : status === 400 ? 'Bad Request' : 'Bad Gateway';
  return `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nX-Agent-Guard-Egress: ${status === 403 ? 'denied' : 'failed'}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'x-agent-guard-egress': status === 403 ? 'denied' : 'failed', connection: 'close' });
  res.end(`${message.replace(/[\r\n]+/g, ' ')}\n`);
}

function closeServer(server: { close(callback: () => void): unknown }, open: Set<Socket | Duplex>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of open) socket.destroy();
  });
}
