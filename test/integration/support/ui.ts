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
  | { op: 'keyboard.press'; key: string }
  | { op: 'screenshot'; name: string };

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
    click: (selector: string, timeoutMs?: number) => call({ op: 'workbench.click', selector, timeoutMs }).then(() => undefined),
    text: (selector: string, timeoutMs?: number) => call({ op: 'workbench.text', selector, timeoutMs }),
  },
  keyboard: {
    press: (key: string) => call({ op: 'keyboard.press', key }).then(() => undefined),
  },
  /** Saves a PNG of the whole page under test-results/; returns its path. */
  screenshot: (name: string) => call({ op: 'screenshot', name }),
};
