/**
 * Builds the TaintView of one operation for the evaluator (src/engine/evaluator/evaluator.ts), which
 * owns the analysis cache, the environment and the effective policy's taint settings.
 */
import type { CommandAnalysis } from '../command/analysis';
import type { Operation } from '../interceptor/operation';
import { normalisePath, type PathEnvironment } from '../path/normalize';
import { commandExposure, pathExposure, pathLabel, type PathExposureKind } from './exposure';
import type { TaintView } from './taintGuard';
import { NO_EXPOSURE, type TaintSettings } from './types';

export type TaintRequest =
  | { kind: 'command'; command: string; cwd: string; workspace: string }
  | { kind: PathExposureKind; path: string; cwd: string; workspace: string };

export function buildTaintView(
  request: TaintRequest,
  analyse: (line: string) => CommandAnalysis | undefined,
  env: PathEnvironment,
  settings: TaintSettings,
): TaintView {
  const ctx = { cwd: request.cwd, workspace: request.workspace, env };
  const label = (path: string): string => {
    const normalised = normalisePath(path, request.cwd, env);
    return pathLabel(normalised.ok ? normalised.path : path, ctx);
  };
  if (!settings.enabled) return { settings, exposure: NO_EXPOSURE, label };
  if (request.kind !== 'command') return { settings, exposure: pathExposure(request.kind, request.path, ctx), label };
  const analysis = analyse(request.command);
  // Unanalysable lines are denied by the evaluator before taint is consulted; nothing to record here.
  return { settings, exposure: analysis ? commandExposure(analysis, ctx) : NO_EXPOSURE, label };
}

/** The request for an interceptor operation: commands run in their cwd, paths resolve from the workspace. */
export function taintRequestFor(operation: Operation, workspace: string): TaintRequest {
  return operation.kind === 'command'
    ? { kind: 'command', command: operation.command, cwd: operation.cwd, workspace }
    : { kind: operation.kind, path: operation.path, cwd: workspace, workspace };
}
