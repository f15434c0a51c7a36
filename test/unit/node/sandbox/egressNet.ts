/**
 * Test bed for egress: a network namespace joined to this one by a veth pair, holding real HTTP and HTTPS
 * servers (listening on every address there, its own 127.0.0.1 included). Its address is in TEST-NET-3
 * (203.0.113.0/24): not loopback or private, so it is what "a public host" looks like to the proxy, and
 * nothing on the internet can answer it.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers';

export const HTTP_PORT = 8080;
export const HTTPS_PORT = 8443;

const SERVER = `
const http = require('node:http'), https = require('node:https'), fs = require('node:fs');
const dir = process.argv[2];
const answer = (req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('hello from ' + req.headers.host + '\\n'); };
http.createServer(answer).listen(${HTTP_PORT}, '0.0.0.0', () => {
  https.createServer({ key: fs.readFileSync(dir + '/key.pem'), cert: fs.readFileSync(dir + '/cert.pem') }, answer)
    .listen(${HTTPS_PORT}, '0.0.0.0', () => process.stdout.write('ready\\n'));
});
`;

export interface EgressNet {
  /** The servers' address, seen from this namespace. */
  address: string;
  /** CA file for the HTTPS server's certificate (self-signed for the given names). */
  caFile: string;
  dispose(): void;
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}

export async function createEgressNet(names: string[]): Promise<EgressNet> {
  const id = process.pid;
  const ns = `ag-eg-${id}`;
  const host = `agh${id}`;
  const peer = `agn${id}`;
  const base = 4 * ((id % 60) + 1);
  const [here, there] = [`203.0.113.${base + 1}`, `203.0.113.${base + 2}`];
  const dir = tempDir('ag-egress-net-');
  let server: ChildProcess | undefined;
  const dispose = () => {
    server?.kill('SIGKILL');
    for (const args of [['link', 'del', host], ['netns', 'del', ns]]) {
      try { ip(...args); } catch { /* not created */ }
    }
    dir.remove();
  };
  try {
    ip('netns', 'add', ns);
    ip('link', 'add', host, 'type', 'veth', 'peer', 'name', peer);
    ip('link', 'set', peer, 'netns', ns);
    ip('addr', 'add', `${here}/30`, 'dev', host);
    ip('link', 'set', host, 'up');
    ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${there}/30`, 'dev', peer);
    ip('netns', 'exec', ns, 'ip', 'link', 'set', peer, 'up');
    ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
    const san = names.map((n) => `DNS:${n}`).join(',');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${san}`,
      '-keyout', join(dir.path, 'key.pem'), '-out', join(dir.path, 'cert.pem')], { stdio: 'pipe' });
    writeFileSync(join(dir.path, 'server.js'), SERVER);
    server = spawn('ip', ['netns', 'exec', ns, process.execPath, join(dir.path, 'server.js'), dir.path], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      server?.stdout?.once('data', () => resolve());
      server?.once('exit', (code) => reject(new Error(`the test server exited (${code})`)));
    });
    return { address: there, caFile: join(dir.path, 'cert.pem'), dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}
