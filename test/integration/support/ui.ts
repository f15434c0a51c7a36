/**
 * Client for the runner's UI control channel: lets a test running INSIDE the extension host ask the
 * runner's Playwright (headless Chromium showing this very workbench) to click and read the UI.
 * Webview helpers search the webview iframes (page.frames()) for the selector, so a test only names
 * what it wants, e.g. `await ui.webview.click('#ping-button')`.
 */
import { ENV } from './results';

type Op =
  | { op: 'webview.click'; selector: string }
  | { op: 'webview.text'; selector: string }
  | { op: 'webview.waitForText'; selector: string; text: string }
  | { op: 'webview.fill'; selector: string; text: string }
  | { op: 'webview.press'; selector: string; key: string }
  | { op: 'workbench.click'; selector: string }
  | { op: 'workbench.text'; selector: string }
  | { op: 'workbench.waitGone'; selector: string }
  | { op: 'workbench.count'; selector: string }
  | { op: 'keyboard.press'; key: string }
  | { op: 'screenshot'; name: string }
  | { op: 'workbench.requestReload'; key: string; handover: Handover; how: ReloadKind }
  | { op: 'workbench.secretSaves' }
  | { op: 'workbench.refreshAfterSecretSaves'; count: number }
  | { op: 'session.get' };

/** Small JSON a phase-1 test hands to its post-reload half (ids, digests; never a secret value). */
export type Handover = Record<string, unknown>;

/** Tag in the title of tests that must run only in the new extension host after a window reload. */
export const AFTER_RELOAD_TAG = '@after-reload';

/**
 * Tag in the title of tests that must run only in the untrusted bed: a second code-server with Workspace
 * Trust on and the opened folder not trusted (the normal bed runs with Workspace Trust off).
 */
export const UNTRUSTED_TAG = '@untrusted';

/** Tag in the title of tests that must run only in the new extension host after a browser refresh. */
export const AFTER_REFRESH_TAG = '@after-refresh';

/** `window`: VS Code's Developer: Reload Window (orderly shutdown first); `browser`: a page refresh (F5). */
export type ReloadKind = 'window' | 'browser';

/** Which extension host this is: the first (`initial`), or the one a browser refresh or window reload started. */
export type RunStage = 'initial' | ReloadKind;

/**
 * What the runner says about this run: phase 1 is the first extension host, each reload starts the next
 * (`stage` says which kind); `bed` says which code-server this extension host belongs to.
 */
export interface RunSession {
  phase: number;
  bed: 'trusted' | 'untrusted';
  stage: RunStage;
  handovers: Record<string, Handover | null>;
}

/** The title tag of the tests that run in `stage`; none for the initial phase. */
export function stageTag(stage: RunStage): string | undefined {
  return stage === 'browser' ? AFTER_REFRESH_TAG : stage === 'window' ? AFTER_RELOAD_TAG : undefined;
}

type PhaseEndAction = { name: string; action: () => Promise<void> };

/** Shared through globalThis: every suite file is its own bundle with its own copy of this module. */
function phaseEndActions(): PhaseEndAction[] {
  const holder = globalThis as { agentGuardPhaseEndActions?: PhaseEndAction[] };
  return (holder.agentGuardPhaseEndActions ??= []);
}

/**
 * Registers a write to make after every test of this phase, right before its results are written: the
 * runner acts on the results file within milliseconds, so a requested reload follows this write about as
 * closely as a developer's refresh right after a change. A failing action fails the run (suite/index.ts).
 */
export function atPhaseEnd(name: string, action: () => Promise<void>): void {
  phaseEndActions().push({ name, action });
}

/** Runs the registered phase-end actions in order; returns the failures by name. */
export async function runPhaseEndActions(): Promise<{ name: string; error: Error }[]> {
  const failures: { name: string; error: Error }[] = [];
  for (const { name, action } of phaseEndActions().splice(0)) {
    try {
      await action();
    } catch (error) {
      failures.push({ name, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  return failures;
}

export class UiUnavailableError extends Error {}

/** True when the runner offers a browser to drive (code-server runs; not under test-electron). */
export function uiAvailable(): boolean {
  return Boolean(process.env[ENV.uiControlUrl] && process.env[ENV.uiControlToken]);
}

async function call(request: Op & { timeoutMs?: number }): Promise<string> {
  const url = process.env[ENV.uiControlUrl];
  const token = process.env[ENV.uiControlToken];
  if (!url || !token) throw new UiUnavailableError('no UI control channel: run through `npm run test:integration`');
  const response = await fetch(`${url}/ui`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(request),
  });
  const body = (await response.json()) as { ok: boolean; value?: string; error?: string };
  if (!body.ok) throw new Error(`UI ${request.op} failed: ${body.error ?? response.status}`);
  return body.value ?? '';
}

export const ui = {
  webview: {
    /** Clicks the first element matching `selector` in any webview frame (waits up to timeoutMs). */
    click: (selector: string, timeoutMs?: number) => call({ op: 'webview.click', selector, timeoutMs }).then(() => undefined),
    /** textContent of the element matching `selector` in a webview frame. */
    text: (selector: string, timeoutMs?: number) => call({ op: 'webview.text', selector, timeoutMs }),
    /** Waits until the element's textContent contains `text`; returns the full text. */
    waitForText: (selector: string, text: string, timeoutMs?: number) => call({ op: 'webview.waitForText', selector, text, timeoutMs }),
    /** Replaces the value of the input matching `selector` (as typing would, firing input events). */
    fill: (selector: string, text: string, timeoutMs?: number) => call({ op: 'webview.fill', selector, text, timeoutMs }).then(() => undefined),
    /** Focuses the element matching `selector` and presses `key` (e.g. 'ArrowRight', 'Enter'). */
    press: (selector: string, key: string, timeoutMs?: number) => call({ op: 'webview.press', selector, key, timeoutMs }).then(() => undefined),
  },
  workbench: {
    /**
     * Asks the runner to reload once this phase's results are in (not now: that would end the suite
     * mid-run). `how`: `window` (Developer: Reload Window; then the `@after-reload` tests run) or `browser`
     * (a page refresh; then the `@after-refresh` tests run, before any window reload). Those tests read
     * `handover` from `ui.session()`; if they do not pass, the whole run fails.
     */
    requestReload: (key: string, handover: Handover, how: ReloadKind = 'window') =>
      call({ op: 'workbench.requestReload', key, handover, how }).then(() => undefined),
    /**
     * How many times the browser has saved code-server's SecretStorage (one save per store or delete, done
     * asynchronously after the extension host's call returned). The first call starts counting.
     */
    secretSaves: async () => Number(await call({ op: 'workbench.secretSaves' })),
    /**
     * With a browser reload requested: the runner refreshes only once SecretStorage has been saved `count`
     * times, and then at once, i.e. when those writes are durable and globalState may not be flushed yet.
     */
    refreshAfterSecretSaves: (count: number) => call({ op: 'workbench.refreshAfterSecretSaves', count }).then(() => undefined),
    click: (selector: string, timeoutMs?: number) => call({ op: 'workbench.click', selector, timeoutMs }).then(() => undefined),
    text: (selector: string, timeoutMs?: number) => call({ op: 'workbench.text', selector, timeoutMs }),
    /** Waits until no element matches `selector` (e.g. a notification that must close by itself). */
    waitGone: (selector: string, timeoutMs?: number) => call({ op: 'workbench.waitGone', selector, timeoutMs }).then(() => undefined),
    /** How many elements match `selector` right now (no waiting). */
    count: async (selector: string) => Number(await call({ op: 'workbench.count', selector })),
  },
  keyboard: {
    press: (key: string) => call({ op: 'keyboard.press', key }).then(() => undefined),
  },
  /** Which bed, phase and stage this extension host runs in (asked of the runner, never guessed) and the handovers. */
  session: async (): Promise<RunSession> => JSON.parse(await call({ op: 'session.get' })) as RunSession,
  /** Saves a PNG of the whole page under test-results/; returns its path. */
  screenshot: (name: string) => call({ op: 'screenshot', name }),
};
