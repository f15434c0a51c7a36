import { EXIT_INTERNAL, type CliCommand } from './io';

/** `agent-guard scan`: not built yet (see the open issues); says so instead of pretending. */
export const scanCommand: CliCommand = async (_args, io) => {
  io.error('agent-guard scan: not implemented yet in this build\n');
  return EXIT_INTERNAL;
};
