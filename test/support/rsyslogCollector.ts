/**
 * A real rsyslog (Debian's rsyslogd, installed by the bootstrap) as the team's collector, for tests and
 * benchmarks: started in the foreground on 127.0.0.1 with an imtcp listener (plain, or TLS with a
 * throwaway CA made here with openssl), writing each message it receives to a file. Only this process's
 * own rsyslogd is ever signalled.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const RSYSLOGD = '/usr/sbin/rsyslogd';

export function rsyslogAvailable(): boolean {
  return existsSync(RSYSLOGD) && existsSync('/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface TlsFiles { ca: string; cert: string; key: string }

/** A CA and a server certificate for 127.0.0.1 / localhost, made with openssl in `dir`. */
export function makeTestCa(dir: string): TlsFiles {
  const run = (args: string[]) => {
    const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr}`);
  };
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=agent-guard test CA']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext']);
  return { ca: join(dir, 'ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server.key') };
}

/** The collector configuration admins can copy (docs/audit.md shows the same shape). */
export function collectorConfig(options: { dir: string; port: number; output: string; tls?: TlsFiles }): string {
  const tls = options.tls;
  return [
    `global(workDirectory="${options.dir}"${tls ? ` defaultNetstreamDriver="gtls" defaultNetstreamDriverCAFile="${tls.ca}" defaultNetstreamDriverCertFile="${tls.cert}" defaultNetstreamDriverKeyFile="${tls.key}"` : ''})`,
    `module(load="imtcp"${tls ? ' streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon"' : ''})`,
    'template(name="agentGuardRaw" type="string" string="%rawmsg%\\n")',
    // Direct queue: each message is written before the next is read, so the close we see follows the write.
    'ruleset(name="agentGuard" queue.type="Direct") {',
    `  action(type="omfile" file="${options.output}" template="agentGuardRaw" flushOnTXEnd="on" asyncWriting="off")`,
    '}',
    `input(type="imtcp" address="127.0.0.1" port="${options.port}" ruleset="agentGuard")`,
    '',
  ].join('\n');
}

export class RsyslogCollector {
  readonly output: string;
  private child: ChildProcess | undefined;

  private constructor(readonly port: number, readonly dir: string, readonly tls?: TlsFiles) {
    this.output = join(dir, 'collected.log');
  }

  /** `dir`: an earlier collector's directory, to go on appending to what it collected (e.g. in another process). */
  static async start(options: { tls?: boolean; port?: number; dir?: string } = {}): Promise<RsyslogCollector> {
    const port = options.port ?? await freePort();
    const scratch = mkdtempSync(join(tmpdir(), 'ag-rsyslog-ca-'));
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'ag-rsyslog-'));
    const collector = new RsyslogCollector(port, dir, options.tls ? makeTestCa(scratch) : undefined);
    await collector.launch();
    return collector;
  }

  /** The lines collected so far. */
  lines(): string[] {
    return existsSync(this.output) ? readFileSync(this.output, 'utf8').split('\n').filter((line) => line.length > 0) : [];
  }

  async launch(): Promise<void> {
    const config = join(this.dir, 'rsyslog.conf');
    writeFileSync(config, collectorConfig({ dir: this.dir, port: this.port, output: this.output, tls: this.tls }));
    const child = spawn(RSYSLOGD, ['-n', '-f', config, '-i', join(this.dir, 'rsyslogd.pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk) => { output += chunk; });
    child.stderr?.on('data', (chunk) => { output += chunk; });
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (!(await listening(this.port))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`rsyslogd did not start on port ${this.port}: ${output}`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  /** kill -9, as a crash would; the port is free again once it has exited. */
  async crash(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createServer().listen(port, '127.0.0.1');
    socket.once('listening', () => socket.close(() => resolve(false)));
    socket.once('error', () => resolve(true));
  });
}
