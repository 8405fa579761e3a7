import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { AXIDRAW_MODELS, type AxidrawModel } from '@fabdesk/shared/plan/axidraw-models.ts';
import { isPaperSizeName, PAPER_SIZES } from '@fabdesk/shared/pipeline/paper-sizes.ts';
import {
  DEFAULT_PIPELINE_SETTINGS,
  PIPELINE_PRESETS,
  type PipelinePreset,
  PipelineSettings,
} from '@fabdesk/shared/pipeline/pipeline-settings.ts';
import { type PipelineResult, runPipeline } from '@fabdesk/shared/pipeline/run-pipeline.ts';
import { sha256Hex } from '@fabdesk/shared/plan/sha256-hex.ts';
import { SvgImportError } from '@fabdesk/shared/svg/svg-import-error.ts';

const USAGE = `usage: fabdesk plan <file.svg>… [options]

  --paper <size>     ${Object.keys(PAPER_SIZES).join(', ')} (default A3)
  --landscape        the sheet lies landscape (default)
  --portrait         the sheet lies portrait
  --margin <mm>      margin on every side (default 20)
  --fit / --no-fit   scale the drawing to fill the printable area and centre it (default fit)
  --profile <model>  ${Object.keys(AXIDRAW_MODELS).join(', ')} (default axidraw-v3-a3)
  --preset <name>    fast (greedy order only) or best (time-boxed 2-opt; default)
  --tolerance <mm>   curve flattening tolerance (default 0.05)
  --json             print one JSON object instead of the table
  --out <file>       write the plan blob there`;

/** A refusal of the command line: the message goes to stderr, the code is the exit code. */
class CliExit extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

function fail(message: string, code = 2): never {
  throw new CliExit(message, code);
}

/**
 * `fabdesk plan <file.svg>… [options]`: the conversion pipeline on this machine, no server:
 * import → optimise → plan, then the plan's figures (a table, or one JSON object with
 * --json) and, with --out, the plan blob the server would store. Exit 0, 1 for input that
 * cannot be planned, 2 for a wrong command line.
 */
export async function runPlanCommand(argv: string[]): Promise<number> {
  try {
    return await plan(argv);
  } catch (error) {
    if (!(error instanceof CliExit)) throw error;
    console.error(`fabdesk plan: ${error.message}`);
    if (error.exitCode === 2) console.error(USAGE);
    return error.exitCode;
  }
}

async function plan(argv: string[]): Promise<number> {
  const { values, positionals } = (() => {
    try {
      return parseArgs({
        args: argv,
        allowPositionals: true,
        allowNegative: true,
        options: {
          paper: { type: 'string', default: 'A3' },
          landscape: { type: 'boolean' },
          portrait: { type: 'boolean' },
          margin: { type: 'string' },
          fit: { type: 'boolean', default: true },
          profile: { type: 'string', default: DEFAULT_PIPELINE_SETTINGS.model },
          preset: { type: 'string', default: DEFAULT_PIPELINE_SETTINGS.preset },
          tolerance: { type: 'string' },
          json: { type: 'boolean', default: false },
          out: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (error) {
      return fail((error as Error).message);
    }
  })();

  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const files = positionals;
  if (files.length === 0) fail('no SVG files given');
  if (!isPaperSizeName(values.paper))
    fail(`--paper must be one of ${Object.keys(PAPER_SIZES).join(', ')}`);
  if (!Object.hasOwn(AXIDRAW_MODELS, values.profile))
    fail(`--profile must be one of ${Object.keys(AXIDRAW_MODELS).join(', ')}`);
  if (!Object.hasOwn(PIPELINE_PRESETS, values.preset)) fail('--preset must be fast or best');
  if (values.landscape && values.portrait) fail('--landscape and --portrait exclude each other');

  const sheet = PAPER_SIZES[values.paper];
  const landscape = !values.portrait;
  const parsed = PipelineSettings.safeParse({
    paperWidthMm: landscape ? sheet.heightMm : sheet.widthMm,
    paperHeightMm: landscape ? sheet.widthMm : sheet.heightMm,
    marginMm:
      values.margin === undefined ? DEFAULT_PIPELINE_SETTINGS.marginMm : Number(values.margin),
    fit: values.fit,
    preset: values.preset as PipelinePreset,
    model: values.profile as AxidrawModel,
    toleranceMm:
      values.tolerance === undefined
        ? DEFAULT_PIPELINE_SETTINGS.toleranceMm
        : Number(values.tolerance),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(`${issue.path.join('.')}: ${issue.message}`);
  }
  const settings = parsed.data;

  const sources = files.map((file) => {
    try {
      return { name: file, text: readFileSync(file, 'utf8') };
    } catch (error) {
      return fail(
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        1,
      );
    }
  });

  let result: PipelineResult;
  try {
    result = runPipeline(sources, settings, { now: () => performance.now() });
  } catch (error) {
    if (error instanceof SvgImportError) fail(`${error.message} [${error.code}]`, 1);
    throw error;
  }
  const planHash = await sha256Hex(result.blob);
  if (values.out) writeFileSync(values.out, result.blob);

  const s = result.summary;
  const report = {
    files,
    settings,
    pathsIn: result.pathsIn,
    pathsOut: result.pathsOut,
    layerCount: result.layerCount,
    pointCount: result.pointCount,
    penDownMm: s.distancePlottedMm,
    penUpMm: s.distanceTravelMm,
    penLifts: s.penLifts,
    penChanges: s.penChanges,
    planS: s.durationSeconds,
    layers: s.layers.map((l) => ({
      name: l.name,
      color: l.color,
      paths: l.pathCount,
      penDownMm: l.distancePlottedMm,
      penUpMm: l.distanceTravelMm,
      penLifts: l.penLifts,
      planS: l.durationSeconds,
    })),
    timingsMs: result.timingsMs,
    unplottable: result.unplottable,
    nothingToPlot: result.pathsIn === 0,
    plan: { sha256: planHash, bytes: result.blob.length, out: values.out ?? null },
  };

  if (values.json) {
    console.log(JSON.stringify(report));
  } else {
    const mm = (v: number) => `${Math.round(v).toLocaleString('en')} mm`;
    const t = result.timingsMs;
    const lines = [
      `files       ${files.map((f) => basename(f)).join(', ')}`,
      `sheet       ${values.paper} ${landscape ? 'landscape' : 'portrait'} ${settings.paperWidthMm}×${settings.paperHeightMm} mm, margin ${settings.marginMm} mm${settings.fit ? ', fit and centred' : ''}; ${settings.model}, ${settings.preset}`,
      `paths       ${result.pathsIn.toLocaleString('en')} in → ${result.pathsOut.toLocaleString('en')} out, ${result.layerCount} layer(s)`,
      `pen-down    ${mm(s.distancePlottedMm)}`,
      `pen-up      ${mm(s.distanceTravelMm)}`,
      `pen lifts   ${s.penLifts.toLocaleString('en')}${s.penChanges ? `, pen changes ${s.penChanges}` : ''}`,
      `plan        ${s.durationSeconds.toFixed(1)} s (${clock(s.durationSeconds)})`,
      `time        import ${t.import.toFixed(0)} ms, optimize ${t.optimize.toFixed(0)} ms, plan ${t.plan.toFixed(0)} ms`,
    ];
    if (result.pathsIn === 0) lines.push('nothing to plot');
    const skipped = Object.entries(result.unplottable);
    if (skipped.length)
      lines.push(`not plotted ${skipped.map(([name, n]) => `${n} ${name}`).join(', ')}`);
    if (values.out)
      lines.push(
        `plan blob   ${values.out} (${result.blob.length.toLocaleString('en')} bytes, sha256 ${planHash})`,
      );
    console.log(lines.join('\n'));
    if (s.layers.length) {
      console.log(
        '\nlayer                     paths    pen-down mm    pen-up mm    lifts     plan s',
      );
      for (const l of report.layers)
        console.log(
          `${l.name.slice(0, 24).padEnd(24)} ${String(l.paths).padStart(6)} ${Math.round(l.penDownMm).toString().padStart(14)} ${Math.round(l.penUpMm).toString().padStart(12)} ${String(l.penLifts).padStart(8)} ${l.planS.toFixed(1).padStart(10)}`,
        );
    }
  }
  return 0;
}

function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const sec = Math.round(seconds % 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}
