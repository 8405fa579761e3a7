import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PIPELINE_SETTINGS } from '../../shared/pipeline/pipeline-settings.ts';
import { runPipeline } from '../../shared/pipeline/run-pipeline.ts';
import { decodePlanBlob } from '../../shared/plan/plan-blob.ts';
import { fabdeskHome } from './fabdesk-home.ts';
import { type PlotOptions, plotPlan } from './plot-plan.ts';
import { parseVirtualFault, type VirtualFault } from './virtual-fault.ts';

const USAGE =
  'usage: fabdesk plot <file.svg | job id --server http://host:port [--token T] [--carriage-home]> [--virtual [--firmware 2.8.1|3.0.3] [--virtual-speed N] [--virtual-fault KIND@P%]] [--json] [--port /dev/ttyACM0] [--preset fast|best]';

const HELP = `${USAGE}

  <file.svg>          convert the file here (A3 landscape, 20 mm margin, fit) and plot it;
                      nothing is recorded anywhere
  <job id> --server   plot a job the server planned, under its lease, and record the plot
                      on the server as the PWA does: ARMED, PLOTTING, PAUSED for each pen
                      swap and back, COMPLETED/ABORTED/FAILED (PAUSED after a plotter
                      fault), with Plot* events and the actual statistics
  --token T           the device token (or FABDESK_TOKEN)
  --carriage-home     continue an interrupted plot (see below) on a plotter that lost
                      track of its carriage: you have moved the carriage home by hand,
                      with the motors off
  --virtual           plot on the built-in emulator instead of an AxiDraw on USB
  --port PATH         the plotter's serial port (default: found by its USB ids)
  --firmware V        the virtual plotter's firmware, 2.8.1 or 3.0.3 (default 3.0.3)
  --virtual-speed N   run the virtual plotter at N times real time (default: as fast as
                      the machine goes), to watch a plot or to stop one half-way
  --virtual-fault F   make the virtual plotter fail once the plot reaches P% of its time,
                      to rehearse what a real one does: disconnect@P% (a pulled USB cable),
                      power-loss@P% (switched off), garbage@P% (noise on the line),
                      no-reply@P% (a board that hangs)
  --preset P          fast or best (file mode's optimiser; default best)
  --json              one JSON report on stdout

Pen swaps stop the plot and name the layer and the pen; press Enter to go on (the virtual
plotter goes on by itself). Ctrl-C lifts the pen and ends the plot as aborted.

Interrupted plots: at every pen-up the plotter has drawn, job mode writes the plot's
checkpoint to $FABDESK_HOME/checkpoints/<job id>.json (here ${join(fabdeskHome(), 'checkpoints')}),
removed when the plot completes or is aborted. If the plotter fails after one (a pulled
cable, no reply, garbage), the job is PAUSED, not FAILED, and the line says how to go on.
\`fabdesk plot <job id> --server …\` on a PAUSED or PLOTTING job with a checkpoint of its
plan continues from the last pen-up: a plotter that kept power finds its carriage from its
step counters; one that was switched off (and always the virtual plotter, new in each run)
cannot, so the command refuses until you move the carriage home by hand with the motors
off and add --carriage-home. Strokes after the last pen-up are then drawn again (what the
plotter drew after it is not known). A checkpoint of another plan (the job was planned
again) is refused: remove the file to plot from the start. Without a checkpoint a PAUSED or
PLOTTING job is plotted again from the start, and the command says so.

If the server cannot be reached while a job plots, the plot goes on: its record writes
wait in order and are retried. Those the server has not confirmed 10 s after the plot
ends are kept in $FABDESK_HOME/outbox/ (default ~/.local/share/fabdesk/outbox/; here
${join(fabdeskHome(), 'outbox')}): one JSON file per plot with the server URL, the job id
and the writes (job moves with their time and lease fencing token, the events with staff
and workstation ids, the statistics), never the token. The next \`fabdesk plot\` to that
server, or \`fabdesk sync --server URL\`, sends them. Writes the server refuses (the job
was taken by another device) are kept in $FABDESK_HOME/refused/ with the reason.`;

/**
 * `fabdesk plot <file.svg>`: convert the file (import → optimise → plan, the pipeline's A3
 * defaults) and plot it with the EBB driver, on the plotter found by its USB ids (or
 * `--port`), or with `--virtual` on the emulator, which reports what happened: duration on
 * the emulator's clock against the plan's estimate, strokes and millimetres drawn against
 * planned, underruns, commands per second. Progress goes to stderr; `--json` prints one JSON
 * object on stdout. With `--server` the positional is a job id: the job's plan is fetched
 * from the server under its lease instead (plot-job-command.ts).
 */
export async function runPlotCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const file = positionals[0];
  const firmware = values.firmware;
  const preset = values.preset;
  if (
    !file ||
    positionals.length > 1 ||
    (firmware !== '2.8.1' && firmware !== '3.0.3') ||
    (preset !== 'fast' && preset !== 'best')
  ) {
    console.error(USAGE);
    return 2;
  }
  const usage = (problem: string) => {
    console.error(`fabdesk plot: ${problem}\n${USAGE}`);
    return 2;
  };
  const speed = values['virtual-speed'] === undefined ? null : Number(values['virtual-speed']);
  if (speed !== null && !(speed > 0 && speed <= 1000))
    return usage('--virtual-speed takes a number above 0, at most 1000');
  let fault: VirtualFault | null = null;
  try {
    if (values['virtual-fault'] !== undefined) fault = parseVirtualFault(values['virtual-fault']);
  } catch (error) {
    return usage((error as Error).message);
  }
  if ((speed !== null || fault !== null) && !values.virtual)
    return usage('--virtual-speed and --virtual-fault are for the virtual plotter (--virtual)');
  if (values['carriage-home'] && values.server === undefined)
    return usage(
      '--carriage-home continues an interrupted job plot: it needs a job id and --server',
    );
  const options: PlotOptions = {
    virtual: values.virtual,
    firmware,
    json: values.json,
    port: values.port,
    virtualSpeed: speed,
    virtualFault: fault,
  };
  if (values.server !== undefined)
    return (await import('./plot-job-command.ts')).runPlotJob(file, {
      ...options,
      server: values.server,
      token: values.token ?? process.env.FABDESK_TOKEN,
      carriageHome: values['carriage-home'],
    });
  const text = await readFile(file, 'utf8');
  const result = runPipeline(
    [{ name: basename(file), text }],
    { ...DEFAULT_PIPELINE_SETTINGS, preset },
    { now: () => performance.now() },
  );
  const { plan } = decodePlanBlob(result.blob);
  return (await plotPlan(plan, { file }, options)).code;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      virtual: { type: 'boolean', default: false },
      firmware: { type: 'string', default: '3.0.3' },
      json: { type: 'boolean', default: false },
      port: { type: 'string' },
      preset: { type: 'string', default: 'best' },
      server: { type: 'string' },
      token: { type: 'string' },
      'carriage-home': { type: 'boolean', default: false },
      'virtual-speed': { type: 'string' },
      'virtual-fault': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
