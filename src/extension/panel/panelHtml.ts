import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A fresh nonce per render: only scripts carrying it may run in the webview. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The panel's HTML shell. The CSP denies everything by default; the only script is our bundle with the
 * nonce, the only styles come from the extension's own folders. Content is rendered by the script with
 * textContent, so this shell holds no data at all.
 */
export function renderPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string): string {
  const scriptUri = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const styleUri = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  const iconsUri = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'codicons', 'codicon.css'));
  return panelHtml({ scriptUri: scriptUri.toString(), styleUris: [iconsUri.toString(), styleUri.toString()], cspSource: webview.cspSource, nonce });
}

/** The HTML with the URIs already resolved (pure, so the CSP is unit-testable). */
export function panelHtml(input: { scriptUri: string; styleUris: string[]; cspSource: string; nonce: string }): string {
  const { nonce, cspSource } = input;
  // No inline styles or scripts, no images, no connections: fonts and styles only from the extension.
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${cspSource}`, `font-src ${cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${input.styleUris.map((uri) => `  <link rel="stylesheet" href="${uri}">`).join('\n')}
  <title>Agent Guard — Security</title>
</head>
<body>
  <main id="root"></main>
  <script nonce="${nonce}" src="${input.scriptUri}"></script>
</body>
</html>`;
}
