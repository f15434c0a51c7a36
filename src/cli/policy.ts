import { EXIT_INTERNAL, type CliCommand } from './io';

/** `agent-guard policy`: not built yet (see the open issues); says so instead of pretending. */
export const policyCommand: CliCommand = async (_args, io) => {
  io.error('agent-guard policy: not implemented yet in this build\n');
  return EXIT_INTERNAL;
};
