export { runSandboxed } from './runner';
export { INSTALL_BWRAP_HINT, probeBwrap } from './tools';
export { DEFAULT_ENV_ALLOW_LIST, DEFAULT_PATH } from './prepare';
export * from './types';
