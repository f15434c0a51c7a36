// The loopback control channel: a tiny HTTP server the in-host suite calls (test/integration/support/ui.ts)
// to drive the workbench from outside with Playwright. Bound to 127.0.0.1, one random bearer token per
// run, JSON bodies only, bounded size; every op has a timeout and answers {ok, value|error}.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const MAX_BODY = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;

/** Finds a frame inside a webview iframe that contains `selector`, polling until the deadline. */
async function webviewFrameWith(page, selector, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const handle = await frame.$(selector).catch(() => null);
      if (handle) return { frame, handle };
    }
    if (Date.now() > deadline) throw new Error(`no webview frame contains ${selector} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForText(page, selector, text, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const { handle } = await webviewFrameWith(page, selector, Math.max(0, deadline - Date.now()));
    last = (await handle.textContent().catch(() => '')) ?? '';
    if (last.includes(text)) return last;
    if (Date.now() > deadline) throw new Error(`${selector} never contained ${JSON.stringify(text)}; last text ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The reloads the runner can do between phases, in the order it does them. A browser refresh comes first:
 * it must follow right after the phase that wrote the state it checks (Reload Window persists state before
 * it unloads, so going second would hide what a refresh loses). Each phase after a reload runs only the
 * tests whose title carries its tag.
 */
export const RELOADS = [
  { how: 'browser', tag: '@after-refresh', label: 'after refresh' },
  { how: 'window', tag: '@after-reload', label: 'after reload' },
];

/** Ops about the run itself (phases around reloads), see `newSession` below. */
function sessionOperations(session) {
  return {
    // Deferred on purpose: reloading mid-suite would kill the host before the phase writes its results.
    'workbench.requestReload': ({ key, handover, how = 'window' }) => {
      if (session.phase !== 1) throw new Error('reloads can only be requested before the first one');
      if (session.bed !== 'trusted') throw new Error('the untrusted bed does no reload');
      if (typeof key !== 'string' || !key) throw new Error('requestReload needs a key');
      if (!RELOADS.some((reload) => reload.how === how)) throw new Error(`unknown reload ${JSON.stringify(how)}: use ${RELOADS.map((r) => r.how).join(' or ')}`);
      session.handovers[key] = handover ?? null;
      session.requested.add(how);
    },
    // A browser refresh that waits for the SecretStorage saves a test made and follows them at once (see refreshBrowser).
    'workbench.refreshAfterSecretSaves': ({ count }) => {
      if (session.phase !== 1 || !session.requested.has('browser')) throw new Error('request a browser reload in phase 1 first');
      if (!Number.isInteger(count) || count < 0) throw new Error('refreshAfterSecretSaves needs a count');
      session.refreshAfterSecretSaves = count;
    },
    'session.get': async () => JSON.stringify({
      phase: session.phase, bed: session.bed, stage: session.stage, handovers: session.phase > 1 ? session.handovers : {},
    }),
  };
}

/**
 * The run's state: phase 1 (stage `initial`) is the normal suite; a test may ask for a reload of the
 * browser page or of the window (with a small JSON handover for its post-reload half, never a secret
 * value); the runner then does each requested reload in RELOADS order, and each new extension host asks
 * `session.get` for its phase and stage (`browser` or `window`). `bed` is `trusted` (Workspace Trust off:
 * the normal suite) or `untrusted` (the second code-server, trust on and the folder not trusted:
 * `@untrusted` tests).
 */
export function newSession() {
  return { phase: 1, bed: 'trusted', stage: 'initial', handovers: {}, requested: new Set(), refreshAfterSecretSaves: undefined };
}

function operations(page, resultsDir, session) {
  return {
    ...sessionOperations(session),
    'webview.click': async ({ selector, timeoutMs }) => { await (await webviewFrameWith(page, selector, timeoutMs)).handle.click(); },
    'webview.text': async ({ selector, timeoutMs }) => (await (await webviewFrameWith(page, selector, timeoutMs)).handle.textContent()) ?? '',
    'webview.waitForText': ({ selector, text, timeoutMs }) => waitForText(page, selector, String(text), timeoutMs),
    'webview.fill': async ({ selector, text, timeoutMs }) => { await (await webviewFrameWith(page, selector, timeoutMs)).handle.fill(String(text)); },
    'webview.press': async ({ selector, key, timeoutMs }) => { await (await webviewFrameWith(page, selector, timeoutMs)).handle.press(String(key)); },
    'workbench.click': ({ selector, timeoutMs }) => page.locator(selector).first().click({ timeout: timeoutMs }),
    'workbench.text': async ({ selector, timeoutMs }) => (await page.locator(selector).first().textContent({ timeout: timeoutMs })) ?? '',
    'workbench.waitGone': ({ selector, timeoutMs }) => page.locator(selector).first().waitFor({ state: 'detached', timeout: timeoutMs }),
    'workbench.count': async ({ selector }) => String(await page.locator(selector).count()),
    'keyboard.press': ({ key }) => page.keyboard.press(String(key)),
    'workbench.secretSaves': async () => String(await countSecretSaves(page)),
    screenshot: async ({ name }) => {
      mkdirSync(resultsDir, { recursive: true });
      const file = join(resultsDir, `${String(name).replace(/[^A-Za-z0-9_.-]/g, '_')}.png`);
      await page.screenshot({ path: file });
      return file;
    },
  };
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => {
      body += chunk;
      if (body.length > MAX_BODY) { reject(new Error('request too large')); request.destroy(); }
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function authorized(request, token) {
  const given = Buffer.from(String(request.headers.authorization ?? ''));
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Starts the channel; it acts on the page last given to `setPage(page)` (set after the server starts,
 * and again for each bed). Returns { url, token, session, setPage, close }.
 */
export async function startUiControl({ resultsDir, session = newSession(), log = () => {} }) {
  const token = randomBytes(24).toString('hex');
  let current;
  const server = createServer(async (request, response) => {
    const reply = (status, body) => { response.writeHead(status, { 'content-type': 'application/json' }); response.end(JSON.stringify(body)); };
    if (request.method !== 'POST' || request.url !== '/ui') return reply(404, { ok: false, error: 'not found' });
    if (!authorized(request, token)) return reply(401, { ok: false, error: 'bad token' });
    try {
      const args = JSON.parse(await readBody(request));
      const page = current;
      const operation = page && operations(page, resultsDir, session)[args?.op];
      if (!operation) return reply(400, { ok: false, error: page ? `unknown op ${args?.op}` : 'no browser page yet' });
      const timeoutMs = Number.isInteger(args.timeoutMs) && args.timeoutMs > 0 ? Math.min(args.timeoutMs, 120_000) : DEFAULT_TIMEOUT_MS;
      log(`ui ${args.op} ${args.selector ?? args.key ?? args.name ?? ''}`);
      const value = await operation({ ...args, timeoutMs });
      reply(200, { ok: true, value: typeof value === 'string' ? value : undefined });
    } catch (error) {
      reply(200, { ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    session,
    setPage: (page) => { current = page; },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

/** code-server's browser SecretStorage: one localStorage item, sealed and rewritten whole on every change. */
const SECRET_STORAGE_ITEM = 'secrets.provider';

/**
 * How many times the page has written its SecretStorage item since the count was first asked for (the
 * first call installs the counter). code-server stores secrets asynchronously (AES-GCM sealing, then
 * localStorage), so a write the extension host saw succeed is durable in the browser only once counted here.
 */
async function countSecretSaves(page) {
  return page.evaluate((item) => {
    const counter = window;
    if (counter.agentGuardSecretSaves === undefined) {
      counter.agentGuardSecretSaves = 0;
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function countedSetItem(key, value) {
        setItem.call(this, key, value);
        if (key === item) counter.agentGuardSecretSaves += 1;
      };
    }
    return counter.agentGuardSecretSaves;
  }, SECRET_STORAGE_ITEM);
}

/**
 * A browser refresh (F5): the page unloads without the workbench's orderly shutdown, so state the
 * workbench had not yet flushed (globalState, written to IndexedDB after a delay) can be lost. With
 * `afterSecretSaves`, it first waits until SecretStorage has been saved that many times, then refreshes at
 * once: the moment when a secret's value is durable and anything kept in globalState may not be.
 * Resolves once the new page has loaded.
 */
export async function refreshBrowser(page, { afterSecretSaves, timeoutMs = 60_000 } = {}) {
  if (afterSecretSaves !== undefined) {
    const deadline = Date.now() + DEFAULT_TIMEOUT_MS;
    let saves;
    while ((saves = await countSecretSaves(page)) < afterSecretSaves) {
      if (Date.now() > deadline) throw new Error(`SecretStorage was saved ${saves} times, not ${afterSecretSaves}, within ${DEFAULT_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  await page.reload({ waitUntil: 'load', timeout: timeoutMs });
}

const RELOAD_COMMAND = 'Developer: Reload Window';

/**
 * Reloads the window the way a developer does, with VS Code's own `workbench.action.reloadWindow` from the
 * command palette: that runs the workbench's shutdown, which persists state (globalState) first. A bare
 * page.reload() is a browser refresh that can drop writes made just before it. Resolves once the new page
 * has loaded; fails if the palette does not offer exactly that command.
 */
export async function reloadWindow(page, timeoutMs = 60_000) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.fill(`>${RELOAD_COMMAND}`, { timeout: DEFAULT_TIMEOUT_MS });
  const focused = page.locator('.quick-input-widget .monaco-list-row.focused .label-name').first();
  const deadline = Date.now() + DEFAULT_TIMEOUT_MS;
  let label = '';
  while ((label = ((await focused.textContent({ timeout: DEFAULT_TIMEOUT_MS }).catch(() => '')) ?? '').trim()) !== RELOAD_COMMAND) {
    if (Date.now() > deadline) throw new Error(`the command palette offered ${JSON.stringify(label)}, not ${RELOAD_COMMAND}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const loaded = page.waitForEvent('load', { timeout: timeoutMs });
  await page.keyboard.press('Enter');
  await loaded;
}
