import { EXIT_INTERNAL, type CliCommand } from './io';

/** `agent-guard check`: not built yet (see the open issues); says so instead of pretending. */
export const checkCommand: CliCommand = async (_args, io) => {
  io.error('agent-guard check: not implemented yet in this build\n');
  return EXIT_INTERNAL;
};
