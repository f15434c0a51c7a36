/**
 * SOCKS5 front of the egress proxy (RFC 1928, no authentication, CONNECT only) for tools that speak SOCKS
 * rather than HTTP CONNECT (`ALL_PROXY=socks5h://...`). Same gate as the HTTP front: names are checked,
 * resolved and address-checked by the proxy (`socks5h`: the client never resolves), one event per request.
 */
import { connect, createServer, isIP, Server, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { EgressEvent } from './proxy';
import { normalizeHost } from './hosts';

export type GateTarget = { ok: true; address: string; rule: string } | { ok: false; status: number; decision: 'allow' | 'deny'; reason: string; address?: string; error?: string };

export interface SocksGate {
  resolveTarget(host: string): Promise<GateTarget>;
  report(event: EgressEvent): void;
  track(socket: Socket | Duplex): void;
  timeoutMs: number;
}

const REPLY = { ok: 0, failure: 1, notAllowed: 2, unreachable: 4, commandNotSupported: 7, addressNotSupported: 8 } as const;

function reply(code: number): Buffer {
  return Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]);
}

/** The CONNECT target once the whole request is in `buffer`; `undefined` while more bytes are needed. */
export function parseSocksRequest(buffer: Buffer): { host: string; port: number; length: number } | { error: number } | undefined {
  if (buffer.length < 5) return undefined;
  if (buffer[0] !== 5) return { error: REPLY.failure };
  if (buffer[1] !== 1) return { error: REPLY.commandNotSupported };
  const type = buffer[3];
  const end = type === 1 ? 8 : type === 4 ? 20 : type === 3 ? 5 + (buffer[4] ?? 0) : -1;
  if (end < 0) return { error: REPLY.addressNotSupported };
  if (buffer.length < end + 2) return undefined;
  let host: string;
  if (type === 1) host = [...buffer.subarray(4, 8)].join('.');
  else if (type === 4) host = (buffer.subarray(4, 20).toString('hex').match(/.{4}/g) ?? []).join(':');
  else host = buffer.subarray(5, end).toString('latin1');
  return { host: normalizeHost(host), port: buffer.readUInt16BE(end), length: end + 2 };
}

/** Greeting: version 5 and the "no authentication" method offered; undefined while incomplete. */
function parseGreeting(buffer: Buffer): { ok: boolean; length: number } | undefined {
  if (buffer.length < 2) return undefined;
  const count = buffer[1] ?? 0;
  if (buffer.length < 2 + count) return undefined;
  return { ok: buffer[0] === 5 && buffer.subarray(2, 2 + count).includes(0), length: 2 + count };
}

export function startSocksFront(socketPath: string, gate: SocksGate): Promise<Server> {
  const server = createServer((client) => {
    gate.track(client);
    client.on('error', () => client.destroy());
    let buffer = Buffer.alloc(0);
    let stage: 'greeting' | 'request' | 'busy' = 'greeting';
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length > 600) return void client.destroy();
      if (stage === 'greeting') {
        const greeting = parseGreeting(buffer);
        if (!greeting) return;
        if (!greeting.ok) return void client.end(Buffer.from([5, 0xff]));
        client.write(Buffer.from([5, 0]));
        buffer = buffer.subarray(greeting.length);
        stage = 'request';
      }
      if (stage !== 'request') return;
      const request = parseSocksRequest(buffer);
      if (!request) return;
      stage = 'busy';
      client.off('data', onData);
      if ('error' in request) return void client.end(reply(request.error));
      void open(client, request, buffer.subarray(request.length));
    };
    client.on('data', onData);
  });
  const open = async (client: Socket, request: { host: string; port: number }, rest: Buffer) => {
    const base = { host: request.host, port: request.port, method: 'SOCKS5' };
    const target = await gate.resolveTarget(request.host);
    if (!target.ok) {
      gate.report({ ...base, decision: target.decision, reason: target.reason, ...(target.address ? { address: target.address } : {}), ...(target.error ? { error: target.error } : {}) });
      return void client.end(reply(target.decision === 'deny' ? REPLY.notAllowed : REPLY.unreachable));
    }
    const upstream = connect({ host: target.address, port: request.port, family: isIP(target.address) });
    gate.track(upstream);
    let established = false;
    const timer = setTimeout(() => upstream.destroy(new Error(`connect timed out after ${gate.timeoutMs} ms`)), gate.timeoutMs);
    upstream.once('connect', () => {
      established = true;
      clearTimeout(timer);
      gate.report({ ...base, decision: 'allow', reason: `allowed by ${target.rule}`, address: target.address });
      client.write(reply(REPLY.ok));
      if (rest.length > 0) upstream.write(rest);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', (e) => {
      clearTimeout(timer);
      if (established) return void client.destroy();
      gate.report({ ...base, decision: 'allow', reason: `allowed by ${target.rule}`, address: target.address, error: e.message });
      client.end(reply(REPLY.unreachable));
    });
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => { if (established) client.destroy(); });
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => { server.off('error', reject); resolve(server); });
  });
}
