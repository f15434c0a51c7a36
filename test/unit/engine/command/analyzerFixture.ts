/**
 * Shared analyzer for the command tests: created once per mocha process from the real wasm files.
 */
import type { CommandAnalysis, CommandAnalyzer } from '../../../../src/engine/command/analysis';
import { nodeCommandAnalyzer } from '../../../../src/node/commandAnalyzerLoader';

let analyzer: CommandAnalyzer | undefined;

export async function loadAnalyzer(): Promise<CommandAnalyzer> {
  analyzer ??= await nodeCommandAnalyzer();
  return analyzer;
}

export function analyze(line: string): CommandAnalysis {
  if (!analyzer) throw new Error('call loadAnalyzer() in a before() hook first');
  return analyzer.analyze(line);
}
