/** `verify` over files: streams every line of every file through the pure ChainVerifier. */
import { ChainVerifier, type VerifyOptions, type VerifyReport } from '../../engine/audit';
import { filePath, resolveAuditPath } from './files';
import { readLinesForward } from './lines';

/** Verifies a log directory (the whole chain) or a single file (from its first record). */
export async function verifyAuditPath(path: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const { dir, files, single } = await resolveAuditPath(path);
  const verifier = new ChainVerifier({ ...options, allowContinuationStart: single });
  for (const name of files) {
    verifier.startFile(name);
    for await (const line of readLinesForward(filePath(dir, name))) {
      verifier.line(line.text, line.terminated);
      if (verifier.failed) break;
    }
    if (verifier.failed) break;
  }
  return verifier.finish();
}
