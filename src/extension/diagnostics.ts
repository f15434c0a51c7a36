/**
 * Policy problems as diagnostics in the Problems view, on the policy file itself, with the JSON path
 * located (or the syntax error's line and column). Problems of layers that are not files (the user
 * settings object) are not shown here; they go to the log and the Security panel.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import type { PolicyProblem } from '../engine/evaluator';
import { jsonPathSpan, lineColumnOffset, parseJsonPath } from '../engine/policy/jsonPathSpan';

export const POLICY_DIAGNOSTIC_SOURCE = 'Agent Guard policy';

export function createPolicyDiagnostics(): vscode.DiagnosticCollection {
  return vscode.languages.createDiagnosticCollection('agentGuard.policy');
}

/** Replaces every policy diagnostic with the given problems. */
export function showPolicyProblems(collection: vscode.DiagnosticCollection, problems: readonly PolicyProblem[]): void {
  collection.clear();
  const byFile = new Map<string, PolicyProblem[]>();
  for (const problem of problems) {
    if (!isAbsolute(problem.file) || !existsSync(problem.file)) continue;
    byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem]);
  }
  for (const [file, fileProblems] of byFile) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // Unreadable: the diagnostics still appear, at the start of the file.
    }
    collection.set(vscode.Uri.file(file), fileProblems.map((problem) => toDiagnostic(text, problem)));
  }
}

function toDiagnostic(text: string, problem: PolicyProblem): vscode.Diagnostic {
  const range = locate(text, problem.location);
  const diagnostic = new vscode.Diagnostic(range, `${problem.message} (${problem.location})`, vscode.DiagnosticSeverity.Error);
  diagnostic.source = POLICY_DIAGNOSTIC_SOURCE;
  return diagnostic;
}

function locate(text: string, location: string): vscode.Range {
  const position = (offset: number): vscode.Position => {
    const before = text.slice(0, offset).split('\n');
    return new vscode.Position(before.length - 1, (before[before.length - 1] ?? '').length);
  };
  const offset = lineColumnOffset(text, location);
  if (offset !== undefined) return new vscode.Range(position(offset), position(Math.min(offset + 1, text.length)));
  const segments = parseJsonPath(location);
  if (!segments || text.length === 0) return new vscode.Range(0, 0, 0, 0);
  const span = jsonPathSpan(text, segments);
  return new vscode.Range(position(span.start), position(Math.min(span.end, text.length)));
}
