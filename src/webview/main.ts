// The Security panel's browser code. Imports src/protocol only. Renders with textContent (never
// innerHTML), so nothing the host sends can become markup or script.
import { HostToWebviewMessage, PingResult, type Snapshot, type WebviewToHostMessage } from '../protocol/panelMessages';

interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let nextRequestId = 1;
const pending = new Map<number, (result: unknown) => void>();

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, id?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (id !== undefined) node.id = id;
  return node;
}

function render(): { status: HTMLElement; reply: HTMLElement; button: HTMLButtonElement } {
  const root = document.getElementById('root') ?? document.body;
  const status = element('p', 'Waiting for the extension…', 'status');
  status.setAttribute('role', 'status');
  const button = element('button', 'Ping extension', 'ping-button');
  button.type = 'button';
  const reply = element('p', '', 'ping-reply');
  reply.setAttribute('aria-live', 'polite');
  root.replaceChildren(element('h1', 'Agent Guard — Security'), status, button, reply);
  return { status, reply, button };
}

function showSnapshot(status: HTMLElement, snapshot: Snapshot): void {
  status.textContent = `Agent Guard ${snapshot.extensionVersion} is ${snapshot.status}.`;
  status.dataset.status = snapshot.status;
}

function onHostMessage(raw: unknown, status: HTMLElement): void {
  const parsed = HostToWebviewMessage.safeParse(raw);
  if (!parsed.success) return; // not ours or malformed: ignore rather than guess
  const message = parsed.data;
  if ('method' in message) {
    showSnapshot(status, message.params);
    return;
  }
  const resolve = pending.get(message.id);
  pending.delete(message.id);
  resolve?.('result' in message ? message.result : new Error(message.error.message));
}

function ping(reply: HTMLElement): void {
  const id = nextRequestId++;
  pending.set(id, (result) => {
    const pong = PingResult.safeParse(result);
    reply.textContent = pong.success ? `Extension replied: pong #${pong.data.count}` : 'The extension did not answer the ping.';
  });
  vscode.postMessage({ id, method: 'ping', params: { source: 'button' } });
}

const view = render();
window.addEventListener('message', (event: MessageEvent<unknown>) => onHostMessage(event.data, view.status));
view.button.addEventListener('click', () => ping(view.reply));
vscode.postMessage({ method: 'ready', params: {} });
