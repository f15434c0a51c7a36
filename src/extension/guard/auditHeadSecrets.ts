/**
 * The extension's copies of the audit log's recorded head (id, MAC mode, latest durable entry):
 * SecretStorage first, which another process of the same user cannot quietly rewrite the way it can
 * rewrite files, and the user-only state file the CLI's `audit verify` reads. Checked together on open
 * (node/audit/headStore.ts mirroredHeadStore): the stricter copy wins.
 */
import { createHash } from 'node:crypto';
import type * as vscode from 'vscode';
import { auditHeadFile, fileHeadStore, mirroredHeadStore, parseRecordedHead, type AuditHeadStore } from '../../node/audit';

/** One SecretStorage key per audit directory; not under the vault's prefix, so the vault ignores it. */
export function auditHeadSecretKey(dir: string): string {
  return `agentGuard.auditHead.${createHash('sha256').update(dir).digest('hex').slice(0, 16)}`;
}

export function secretHeadStore(secrets: vscode.SecretStorage, dir: string): AuditHeadStore {
  const key = auditHeadSecretKey(dir);
  return {
    where: `SecretStorage (${key})`,
    async read() {
      const text = await secrets.get(key);
      if (text === undefined) return undefined;
      const head = parseRecordedHead(text);
      if (!head) throw new Error(`SecretStorage ${key} does not hold a recorded audit head`);
      return head;
    },
    async write(head) {
      await secrets.store(key, JSON.stringify(head));
    },
  };
}

export async function extensionHeadStore(secrets: vscode.SecretStorage, dir: string): Promise<AuditHeadStore> {
  return mirroredHeadStore([secretHeadStore(secrets, dir), fileHeadStore(await auditHeadFile(dir))]);
}
