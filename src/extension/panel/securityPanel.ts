import * as vscode from 'vscode';
import {
  PANEL_PROTOCOL_VERSION,
  parseWebviewMessage,
  type HostToWebviewMessage,
  type PanelRequestResults,
  type Snapshot,
  type WebviewRequest,
  type WebviewToHostMessage,
} from '../../protocol/panelMessages';
import { createNonce, renderPanelHtml } from './panelHtml';

export const SECURITY_PANEL_VIEW_TYPE = 'agentGuard.securityPanel';

/** Answers one kind of webview request; add an entry per new method in panelMessages.ts. */
type RequestHandlers = {
  [M in WebviewRequest['method']]: (request: Extract<WebviewRequest, { method: M }>) => PanelRequestResults[M] | Promise<PanelRequestResults[M]>;
};

/**
 * Hosts the Security panel webview: one panel at a time, revealed if already open. Messages from the
 * webview are zod-validated on arrival; invalid ones are dropped and logged (never acted on).
 */
export class SecurityPanelHost implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private pingCount = 0;
  private readonly received = new vscode.EventEmitter<WebviewToHostMessage>();
  /** Fires after each valid message from the webview has been handled (used by the UI tests). */
  readonly onDidReceiveMessage = this.received.event;
  private readonly handlers: RequestHandlers = {
    ping: () => ({ pong: true, count: ++this.pingCount }),
  };

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly snapshot: () => Snapshot['status'],
  ) {}

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(SECURITY_PANEL_VIEW_TYPE, 'Agent Guard — Security', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.joinPath(this.extensionUri, 'dist')],
    });
    panel.webview.html = renderPanelHtml(panel.webview, this.extensionUri, createNonce());
    panel.webview.onDidReceiveMessage((raw: unknown) => void this.handle(raw));
    panel.onDidDispose(() => { this.panel = undefined; });
    this.panel = panel;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  private async handle(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`Security panel: dropped an invalid message (${parsed.reason})`);
      return;
    }
    const message = parsed.message;
    if (message.method === 'ready') {
      this.post({ method: 'snapshot', params: this.currentSnapshot() });
    } else {
      await this.answer(message);
    }
    this.received.fire(message);
  }

  private async answer(request: WebviewRequest): Promise<void> {
    try {
      const result = await this.handlers[request.method](request);
      this.post({ id: request.id, result });
    } catch (error) {
      // A handler failing is a reply, not a crash; the message is ours, never a secret value.
      this.log.error(`Security panel: ${request.method} failed`, error);
      this.post({ id: request.id, error: { message: `${request.method} failed` } });
    }
  }

  private currentSnapshot(): Snapshot {
    const version = String((vscode.extensions.getExtension('agent-guard.agent-guard')?.packageJSON as { version?: unknown } | undefined)?.version ?? 'dev');
    return { protocolVersion: PANEL_PROTOCOL_VERSION, extensionVersion: version, status: this.snapshot() };
  }

  private post(message: HostToWebviewMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  dispose(): void {
    this.panel?.dispose();
    this.received.dispose();
  }
}
