/**
 * Test mode only: `agentGuard.test.audit.session(dir, entries)` opens an audit log in `dir` exactly as
 * the window's own log is opened (createAuditService, SecretStorage plus state-file head, the default
 * loud notification when it cannot open), appends `entries` entries, closes it and reports the status.
 * It lets an integration test reopen a log after tampering with it without reloading the window.
 */
import * as vscode from 'vscode';
import { extensionHeadStore } from './auditHeadSecrets';
import { createAuditService } from './auditService';

export interface AuditSessionResult {
  state: string;
  reason?: string;
  seq?: number;
}

export function registerAuditTestCommands(context: vscode.ExtensionContext, secrets: vscode.SecretStorage, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(vscode.commands.registerCommand('agentGuard.test.audit.session', async (dir: string, entries: number): Promise<AuditSessionResult> => {
    const service = createAuditService({
      dir, log, vaultValues: () => [], vaultValuesReady: Promise.resolve(), headStore: () => extensionHeadStore(secrets, dir),
    });
    try {
      let status = await service.ready;
      for (let i = 0; i < entries && status.state === 'open'; i++) {
        await service.append({ agent: 'it-audit', operation: 'command.run', target: `entry ${i}`, result: 'allowed', source: 'api' });
        status = service.status();
      }
      return { state: status.state, ...(status.state === 'unavailable' ? { reason: status.reason } : {}), ...('seq' in status ? { seq: status.seq } : {}) };
    } finally {
      await service.close();
    }
  }));
}
