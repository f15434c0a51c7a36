import * as vscode from 'vscode';
import * as zodMini from 'zod/mini';
import type { SectionName } from '../../protocol/panelDtos';
import {
  PANEL_PROTOCOL_VERSION,
  parseWebviewMessage,
  type HostToWebviewMessage,
  type PanelUpdate,
  type Snapshot,
  type WebviewRequest,
  type WebviewToHostMessage,
} from '../../protocol/panelMessages';
import { buildSections, type PanelState } from '../../protocol/panelSnapshot';
import { createNonce, renderPanelHtml } from './panelHtml';

// The panel schemas are zod/mini (a small webview bundle), which carries no messages of its own: the host,
// which logs why it dropped a webview message, loads the English ones so the log says what was wrong.
zodMini.config(zodMini.locales.en());

export const SECURITY_PANEL_VIEW_TYPE = 'agentGuard.securityPanel';
export const SECURITY_VIEW_ID = 'agentGuard.securityView';
/** Changes arriving within this window go out as one update (a burst of 100 requests → one message). */
const COALESCE_MS = 25;
/**
 * A visible editor panel that has not said `ready` by then gets a notice, so a blank panel is never
 * left unexplained. VS Code for the Web (code-server 4.100 here) sometimes holds a new webview while it
 * waits for its service worker (browser console: "Found unexpected service worker controller … Waiting
 * for controllerchange"; reworked upstream in microsoft/vscode#312020); measured: it loads 21–31 s
 * after it was opened, and opening another webview meanwhile does not help.
 */
const READY_WATCHDOG_MS = 8_000;

type AnyHandler = (params: never) => unknown;
export type RequestHandlerMap = { [M in WebviewRequest['method']]: AnyHandler };

export interface PanelModel {
  readonly state: PanelState;
  readonly onDidChange: vscode.Event<readonly SectionName[]>;
}

/**
 * Hosts the Security panel in every place it is shown: the "Security" view in the activity bar and the
 * editor panel (agentGuard.showPanel). Each webview gets the full snapshot when it says `ready`, then
 * only the sections that changed. Messages from the webviews are zod-validated on arrival; invalid
 * ones are dropped and logged (never acted on).
 */
export class SecurityPanelHost implements vscode.Disposable, vscode.WebviewViewProvider {
  private panel: vscode.WebviewPanel | undefined;
  private readonly webviews = new Set<vscode.Webview>();
  /** Webviews that said `ready`: only these get updates (earlier ones would be lost anyway). */
  private readonly ready = new Set<vscode.Webview>();
  private readonly received = new vscode.EventEmitter<WebviewToHostMessage>();
  /** Fires after each valid message from a webview has been handled (used by the UI tests). */
  readonly onDidReceiveMessage = this.received.event;
  private readonly dirty = new Set<SectionName>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly model: PanelModel,
    private readonly handlers: RequestHandlerMap,
  ) {
    this.subscriptions.push(model.onDidChange((names) => this.markDirty(names)));
  }

  /** Opens (or reveals) the editor panel. */
  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    this.openPanel();
  }

  private openPanel(): void {
    const panel = vscode.window.createWebviewPanel(SECURITY_PANEL_VIEW_TYPE, 'Agent Guard — Security', vscode.ViewColumn.Active, {
      ...this.webviewOptions(),
      retainContextWhenHidden: false,
    });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'shield.svg');
    this.attach(panel.webview, panel.onDidDispose);
    const watchdog = setTimeout(() => this.reportIfBlank(panel), READY_WATCHDOG_MS);
    panel.onDidDispose(() => {
      clearTimeout(watchdog);
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
  }

  /** A hidden panel loads when shown again, so only a visible one that never said `ready` is reported. */
  private reportIfBlank(panel: vscode.WebviewPanel): void {
    if (this.panel !== panel || !panel.visible || this.ready.has(panel.webview)) return;
    this.log.warn(`Security panel: the webview has not loaded after ${READY_WATCHDOG_MS / 1000} s (VS Code for the Web can hold a new webview for about half a minute while its service worker starts)`);
    void vscode.window.showInformationMessage('Agent Guard: the Security panel is still loading. VS Code for the Web can take up to half a minute to start a new webview; if it stays blank, reload the window.');
  }

  /** The activity-bar view (registered with registerWebviewViewProvider). */
  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = this.webviewOptions();
    this.attach(view.webview, view.onDidDispose);
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  private webviewOptions(): vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.joinPath(this.extensionUri, 'dist')],
    };
  }

  private attach(webview: vscode.Webview, onDidDispose: vscode.Event<void>): void {
    webview.html = renderPanelHtml(webview, this.extensionUri, createNonce());
    this.webviews.add(webview);
    const listener = webview.onDidReceiveMessage((raw: unknown) => void this.handle(webview, raw));
    onDidDispose(() => {
      listener.dispose();
      this.webviews.delete(webview);
      this.ready.delete(webview);
    });
  }

  private async handle(webview: vscode.Webview, raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`Security panel: dropped an invalid message (${parsed.reason})`);
      return;
    }
    const message = parsed.message;
    if (message.method === 'ready') {
      this.ready.add(webview);
      void webview.postMessage({ method: 'snapshot', params: this.snapshot() } satisfies HostToWebviewMessage);
    } else {
      await this.answer(webview, message);
    }
    this.received.fire(message);
  }

  private async answer(webview: vscode.Webview, request: WebviewRequest): Promise<void> {
    let reply: HostToWebviewMessage;
    try {
      const handler = this.handlers[request.method] as (params: unknown) => unknown;
      reply = { id: request.id, result: await handler(request.params) };
    } catch (error) {
      // A handler failing is a reply, not a crash; the message is ours, never a secret value.
      this.log.error(`Security panel: ${request.method} failed`, error);
      reply = { id: request.id, error: { message: `${request.method} failed; see the Agent Guard output for details` } };
    }
    void webview.postMessage(reply);
  }

  /** The full snapshot a webview gets when it says `ready`. */
  snapshot(): Snapshot {
    const version = String((vscode.extensions.getExtension('agent-guard.agent-guard')?.packageJSON as { version?: unknown } | undefined)?.version ?? 'dev');
    const sections = buildSections(this.model.state) as Required<ReturnType<typeof buildSections>>;
    return { protocolVersion: PANEL_PROTOCOL_VERSION, extensionVersion: version, status: this.model.state.pause.paused ? 'paused' : 'active', ...sections };
  }

  private markDirty(names: readonly SectionName[]): void {
    for (const name of names) this.dirty.add(name);
    if (this.flushTimer === undefined) this.flushTimer = setTimeout(() => this.flush(), COALESCE_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const names = [...this.dirty];
    this.dirty.clear();
    if (this.ready.size === 0 || names.length === 0) return;
    const params: PanelUpdate = buildSections(this.model.state, names);
    if (names.includes('pause')) params.status = this.model.state.pause.paused ? 'paused' : 'active';
    for (const webview of this.ready) void webview.postMessage({ method: 'update', params } satisfies HostToWebviewMessage);
  }

  dispose(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.panel?.dispose();
    this.received.dispose();
  }
}
