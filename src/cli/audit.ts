import { EXIT_INTERNAL, type CliCommand } from './io';

/** `agent-guard audit`: not built yet (see the open issues); says so instead of pretending. */
export const auditCommand: CliCommand = async (_args, io) => {
  io.error('agent-guard audit: not implemented yet in this build\n');
  return EXIT_INTERNAL;
};
