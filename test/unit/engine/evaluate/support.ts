/** Shared set-up for evaluator tests: policies from layers, a fake file system, a fixed environment. */
import type { CommandAnalysis, CommandAnalyzer } from '../../../../src/engine/command/analysis';
import { createEvaluator, mergeLayers, type Evaluator, type FileSystemPort, type PolicyLayer } from '../../../../src/engine/evaluator';
import type { PolicyFile } from '../../../../src/engine/policy/schema';

export const WS = '/home/dev/project';
export const ENV = { home: '/home/dev', vars: { HOME: '/home/dev', USER: 'dev', SRC: 'src' } };

/** Identity realpath plus explicit symlinks (link -> target), enough for pure path tests. */
export function fakeFs(links: Record<string, string> = {}, caseInsensitive = false): FileSystemPort {
  return {
    caseInsensitive,
    realpath(path: string): string {
      for (const [link, target] of Object.entries(links)) {
        if (path === link || path.startsWith(`${link}/`)) return target + path.slice(link.length);
      }
      return path;
    },
  };
}

export function layer(policy: Omit<PolicyFile, 'version'>, source: PolicyLayer['source'] = 'workspace', trusted = true): PolicyLayer {
  return { source, origin: `${source}.json`, policy: { version: 1, ...policy }, trusted };
}

export function evaluatorFor(analyzer: CommandAnalyzer, layers: PolicyLayer[] = [], fs: FileSystemPort = fakeFs()): Evaluator {
  return createEvaluator({ policy: mergeLayers(layers), analyzer, fs, env: ENV });
}

/** An analyzer that returns prepared analyses, for evaluator logic without parsing. */
export function fixedAnalyzer(analyses: Record<string, Omit<CommandAnalysis, 'source'>>): CommandAnalyzer {
  return {
    analyze(line: string): CommandAnalysis {
      const found = analyses[line];
      if (!found) throw new Error(`no fixture for ${line}`);
      return { source: line, ...found };
    },
  };
}

export function simple(argv: string[], extra: Partial<CommandAnalysis['commands'][number]> = {}): CommandAnalysis['commands'][number] {
  const program = (argv[0] ?? '').split('/').pop() ?? '';
  return { argv, program, wrappers: [], assignments: [], dynamic: false, context: 'top', text: argv.join(' '), ...extra };
}
