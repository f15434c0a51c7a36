import { EXIT_INTERNAL, type CliCommand } from './io';

/** `agent-guard hook`: not built yet (see the open issues); says so instead of pretending. */
export const hookCommand: CliCommand = async (_args, io) => {
  io.error('agent-guard hook: not implemented yet in this build\n');
  return EXIT_INTERNAL;
};
