/**
 * The transport-specific steps around `server.listen` for the bridge: claiming the endpoint first,
 * listening without ever joining somebody else's endpoint, and releasing it on close.
 *
 * Unix socket: a socket file left by a crashed window is removed; one that still answers belongs to a
 * live server, and starting is refused. After listening the socket is made 0600.
 * Named pipe (Windows): the name is new per start, so nothing stale can be in the way; a pipe that
 * already exists under our fresh name was created by somebody else and is refused, both by a probe and
 * by libuv's FILE_FLAG_FIRST_PIPE_INSTANCE (listen fails with EADDRINUSE). Pipes vanish with their
 * process, so there is nothing to remove. A second window for the same workspace is refused when the
 * discovery file names a live process whose pipe answers.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { BridgeDiscoverySchema } from '../../protocol/bridge';
import { endpointProblem, type BridgeLocation } from './endpoint';
import { processAlive, type BridgePaths } from './paths';

const ALREADY_SERVING = 'another Agent Guard bridge is already serving this workspace';
/** A probe of an endpoint that neither answers nor fails in this time counts as taken. */
const PROBE_MS = 2000;

export async function claimEndpoint(location: BridgeLocation, paths: BridgePaths): Promise<void> {
  if (paths.transport === 'unix-socket') return removeStaleSocket(paths.endpoint);
  const previous = readDiscovery(paths.discoveryPath);
  if (!previous || endpointProblem(location, previous.socketPath) || !processAlive(previous.pid)) return;
  if ((await probe(previous.socketPath)) !== 'absent') throw new Error(ALREADY_SERVING);
}

/** Listens on `paths.endpoint`, refusing (with a clear error) an endpoint somebody else holds. */
export async function listenExclusive(server: net.Server, paths: Pick<BridgePaths, 'transport' | 'endpoint'>): Promise<void> {
  const pipe = paths.transport === 'named-pipe';
  const taken = () => new Error(`the named pipe ${paths.endpoint} already exists, so another process created it; Agent Guard only serves on a pipe it created itself`);
  if (pipe && (await probe(paths.endpoint)) !== 'absent') throw taken();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(pipe && error.code === 'EADDRINUSE' ? taken() : error));
    server.listen(paths.endpoint, () => { server.removeAllListeners('error'); resolve(); });
  });
  if (!pipe) fs.chmodSync(paths.endpoint, 0o600);
}

/** What close() removes besides the token and discovery files: the socket file (a pipe has none). */
export function endpointFiles(paths: Pick<BridgePaths, 'transport' | 'endpoint'>): string[] {
  return paths.transport === 'unix-socket' ? [paths.endpoint] : [];
}

async function removeStaleSocket(socketPath: string): Promise<void> {
  if (!fs.existsSync(socketPath)) return;
  if ((await probe(socketPath)) === 'answers') throw new Error(ALREADY_SERVING);
  fs.rmSync(socketPath, { force: true });
}

/**
 * Connects and hangs up at once (nothing is sent). `absent` only when the endpoint does not exist
 * (ENOENT) or refuses (ECONNREFUSED: a socket file nobody listens on); any other outcome, such as a
 * pipe whose instances are all busy, is `unknown`.
 */
function probe(endpoint: string): Promise<'answers' | 'absent' | 'unknown'> {
  return new Promise((resolve) => {
    const socket = net.connect(endpoint);
    const done = (result: 'answers' | 'absent' | 'unknown') => { clearTimeout(timer); socket.destroy(); resolve(result); };
    const timer = setTimeout(() => done('unknown'), PROBE_MS);
    socket.once('connect', () => done('answers'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ENOENT' || error.code === 'ECONNREFUSED' ? 'absent' : 'unknown'));
  });
}

function readDiscovery(file: string) {
  try {
    return BridgeDiscoverySchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}
