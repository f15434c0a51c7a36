// Prints, as JSON, the settings file "Install Agent Hooks" would write for each agent in the workspace
// given as argv[2] (the same planHookInstall the extension command uses), so the agent test bed runs
// the agents with exactly the installed configuration. Run with tsx.
import { planHookInstall } from '../../src/cli/hook/install';
import { HOOK_AGENTS } from '../../src/cli/hook/formats';

const workspace = process.argv[2];
if (!workspace) throw new Error('usage: agentHookPlans.ts <workspace>');
const plans = HOOK_AGENTS.map((agent) => {
  const result = planHookInstall(agent, workspace, undefined);
  if (!result.ok) throw new Error(`${agent}: ${result.reason}`);
  return { agent, file: result.plan.file, text: result.plan.after };
});
process.stdout.write(JSON.stringify(plans));
