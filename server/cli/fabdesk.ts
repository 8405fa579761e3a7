#!/usr/bin/env node
// `fabdesk <command> …`: the command-line entry (package.json `bin`). Each command lives in
// its own module exporting `run(args): Promise<number>` (the exit code) and is loaded only
// when named, so `fabdesk plot` does not pay for what `fabdesk plan` imports. To add a
// command, add one line to the table.
const commands: Record<string, () => Promise<(args: string[]) => Promise<number>>> = {
  plot: async () => (await import('./plot-command.ts')).runPlotCommand,
  plan: async () => (await import('./plan-command.ts')).runPlanCommand,
  sync: async () => (await import('./sync-command.ts')).runSyncCommand,
};

const [name, ...args] = process.argv.slice(2);
const load = name ? commands[name] : undefined;
if (!load) {
  console.error(`usage: fabdesk <${Object.keys(commands).join('|')}> …`);
  process.exit(2);
}
process.exitCode = await (await load())(args);
