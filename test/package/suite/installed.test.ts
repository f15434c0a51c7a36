// The installed .vsix, as a user gets it (issue 17): code-server's --install-extension put it in the
// profile's extensions folder, and VS Code runs this file against that copy, not the checkout.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { ui, uiAvailable } from '../../integration/support/ui';

const EXTENSION_ID = 'agent-guard.agent-guard';
const CHECKOUT = resolve(__dirname, '../..');

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

function folder(): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'the package bed opens a workspace');
  return root;
}

describe('installed .vsix', function () {
  this.timeout(90_000);
  let extension: vscode.Extension<unknown>;

  before(async () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not installed`);
    extension = found;
    await extension.activate();
  });

  it('runs from the extensions folder the .vsix was installed into, not from the checkout', () => {
    assert.ok(extension.isActive);
    assert.ok(!resolve(extension.extensionPath).startsWith(CHECKOUT), extension.extensionPath);
    assert.match(extension.extensionPath, /agent-guard\.agent-guard-\d+\.\d+\.\d+/);
    assert.ok(!existsSync(join(extension.extensionPath, 'src')), 'sources were packaged');
  });

  it('validates a broken .vscode/agent-guard.json against the packaged JSON Schema, with a diagnostic', async () => {
    const file = join(folder(), '.vscode', 'agent-guard.json');
    mkdirSync(join(folder(), '.vscode'), { recursive: true });
    writeFileSync(file, '{\n  "version": 1,\n  "template": "lax"\n}\n');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document);
    // VS Code's JSON language service (not Agent Guard's own diagnostics) reports what the schema rejects.
    const fromSchema = await until(() => {
      const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source !== 'Agent Guard policy' && /strict/.test(d.message));
      return found.length > 0 ? found : undefined;
    }, 'a JSON Schema diagnostic on "template": "lax"', 45_000);
    assert.equal(fromSchema[0]?.range.start.line, 2, fromSchema.map((d) => d.message).join(' | '));
    const problems = vscode.languages.getDiagnostics(document.uri).map((d) => `${d.source}: ${d.message}`).join(' | ');
    assert.doesNotMatch(problems, /Unable to load schema|Problems loading reference/, problems);
  });

  it('opens the Security panel', async function () {
    if (!uiAvailable()) this.skip();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('agentGuard.showPanel');
    // VS Code for the Web may hold a new webview ~30 s for its service worker (docs/testing.md).
    assert.match(await ui.webview.waitForText('#status', 'is active', 60_000), /Agent Guard .* is active/);
  });

  it('carries a CLI that runs from the package: --version, and a real decision', () => {
    const cli = join(extension.extensionPath, 'dist', 'cli.js');
    const version = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), `agent-guard ${(extension.packageJSON as { version: string }).version}`);
    const deny = spawnSync(process.execPath, [cli, 'check', 'command', 'rm -rf /', '--cwd', folder()], { encoding: 'utf8' });
    assert.equal(deny.status, 4, `${deny.stdout}${deny.stderr}`);
    const allow = spawnSync(process.execPath, [cli, 'check', 'command', 'git status', '--cwd', folder()], { encoding: 'utf8' });
    assert.equal(allow.status, 0, `${allow.stdout}${allow.stderr}`);
  });
});
