export { AnomalyDetector, type AnomalyDetectorDeps, type Baseline } from './detector';
export { PauseController, type AuditWriter, type PauseListener, type PauseState } from './pauseController';
export { hostOf, isDangerousPath, isSecretFile, isSelfModifyingPath } from './paths';
export * from './types';
