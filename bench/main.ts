// `npm run bench -- <name> [--json]`: runs one benchmark, which prints its figures beside
// their targets (or one JSON object per figure with --json). Benchmarks measure; they do
// not pass or fail.
const benches: Record<string, () => Promise<(args: string[]) => Promise<void>>> = {
  plot: async () => (await import('./plot.ts')).runPlotBench,
  plotter: async () => (await import('./plotter.ts')).runPlotterBench,
  sync: async () => (await import('./sync.ts')).runSyncBench,
  pwa: async () => (await import('./pwa.ts')).runPwaBench,
};

const [name, ...args] = process.argv.slice(2);
const load = name ? benches[name] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [--json]`);
  process.exit(2);
}
await (await load())(args);
