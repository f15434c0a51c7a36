/** Public API of the permission engine's policy side; other layers import from here. */
export { createEvaluator, type CommandRequest, type Evaluator, type EvaluatorOptions, type PathCheckRequest } from './evaluator';
export type { FileSystemPort } from '../path/pathCheck';
export type { PathEnvironment } from '../path/normalize';
export { mergeLayers, type EffectivePolicy, type PolicyLayer } from '../policy/merge';
export { parsePolicyText, validatePolicy, type LoadResult, type PolicyProblem } from '../policy/load';
export { TEMPLATES, DEFAULT_TEMPLATE, templateByName } from '../policy/templates';
export * from '../policy/schema';
