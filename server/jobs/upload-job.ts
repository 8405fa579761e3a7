import { randomUUID } from 'node:crypto';
import { PAPER_SIZES, isPaperSizeName } from '@fabdesk/shared/pipeline/paper-sizes.ts';
import {
  DEFAULT_PIPELINE_SETTINGS,
  type PipelineSettings,
} from '@fabdesk/shared/pipeline/pipeline-settings.ts';
import { AXIDRAW_MODELS, type AxidrawModel } from '@fabdesk/shared/plan/axidraw-models.ts';
import { sha256Hex } from '@fabdesk/shared/plan/sha256-hex.ts';
import { importSvg } from '@fabdesk/shared/svg/import-svg.ts';
import { SvgImportError } from '@fabdesk/shared/svg/svg-import-error.ts';
import type { JobState } from '@fabdesk/shared/lifecycle/job-state.ts';
import { type Kysely, sql } from 'kysely';
import type { AuthContext } from '../auth/auth-context.ts';
import { putBlob } from '../blobs/put-blob.ts';
import { HttpError } from '../http-error.ts';
import { createRun } from '../runs/create-run.ts';
import { runTransaction } from '../runs/run-transaction.ts';
import { appendSystemEvent, moveJob } from '../runs/system-writes.ts';
import { sniffNonSvg } from '@fabdesk/shared/svg/sniff-non-svg.ts';
import type { UploadFields } from './upload-form.ts';
import type { Database } from '../db/database.ts';

/** One uploaded file, read into memory (the body size limit applies before this). */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** What an upload created, or the active job that already has the same content. */
export type UploadOutcome =
  | { kind: 'created'; jobId: string; runId: string }
  | { kind: 'duplicate'; jobId: string };

const INACTIVE_STATES: readonly JobState[] = ['ARCHIVED', 'REJECTED', 'CANCELLED'];

/**
 * Creates a job from uploaded SVG files. Security: every check runs before anything is
 * stored (content sniffed, decoded as UTF-8, fully imported with the importer's entity
 * refusal and limits), so a refused upload leaves no row and no blob. Then one transaction
 * (jobs → runs → events locks) checks for an active job with the same content, stores the
 * source blobs, creates the job (NEW → QUEUED, JobCreated + StatusChanged events) and its
 * conversion run (RunQueued). The caller queues the run after commit.
 */
export async function uploadJob(
  db: Kysely<Database>,
  auth: AuthContext,
  files: UploadedFile[],
  fields: UploadFields,
): Promise<UploadOutcome> {
  if (files.length === 0)
    throw new HttpError(
      'bad-request',
      'files: expected one or more SVG files in the field "files"',
    );
  if (files.length > 50) throw new HttpError('bad-request', 'files: at most 50 files per job');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const file of files) {
    const what = sniffNonSvg(file.bytes);
    if (what)
      throw new HttpError(
        'unsupported-media-type',
        `${file.name}: this is ${what}, not an SVG file`,
      );
    let text: string;
    try {
      text = decoder.decode(file.bytes);
    } catch {
      throw new HttpError(
        'unsupported-media-type',
        `${file.name}: not UTF-8 text, so not an SVG file`,
      );
    }
    try {
      importSvg(text, { toleranceMm: 0.5 });
    } catch (error) {
      if (!(error instanceof SvgImportError)) throw error;
      const code =
        error.code === 'not-svg'
          ? 'unsupported-media-type'
          : error.code === 'too-large'
            ? 'payload-too-large'
            : 'bad-request';
      throw new HttpError(code, `${file.name}: ${error.message}`);
    }
  }
  const hashes = await Promise.all(files.map((f) => sha256Hex(f.bytes)));
  const fileHash =
    hashes.length === 1 ? hashes[0]! : await sha256Hex(new TextEncoder().encode(hashes.join('\n')));
  const settings = await settingsFor(db, fields);
  const paperId = fields.paper && !isPaperSizeName(fields.paper) ? fields.paper : null;
  const name = fields.name ?? files[0]!.name.replace(/\.svg$/i, '').slice(0, 256);

  const outcome = await runTransaction(db, ['jobs', 'runs', 'events'], async (trx) => {
    // Under the jobs lock, so two uploads of the same file cannot both pass this check.
    const existing = await trx
      .selectFrom('jobs')
      .select('id')
      .where('file_hash', '=', fileHash)
      .where('state', 'not in', INACTIVE_STATES)
      .where('is_deleted', '=', false)
      .orderBy('created_at')
      .executeTakeFirst();
    if (existing) return { kind: 'duplicate' as const, jobId: existing.id as string };
    const sourceFiles = [];
    for (const [i, file] of files.entries()) {
      await putBlob(trx, file.bytes, 'image/svg+xml', hashes[i]);
      sourceFiles.push({
        originalName: file.name.slice(0, 256) || `file-${i + 1}.svg`,
        blobHash: hashes[i]!,
        sizeBytes: file.bytes.length,
        mediaType: 'image/svg+xml',
      });
    }
    const jobId = randomUUID();
    await sql`insert into jobs (id, name, state, priority, paper_id, plotter_id, source_files,
        file_hash, last_updated_by, sync_seq, server_updated_at)
      values (${jobId}, ${name || 'upload'}, 'NEW', ${fields.priority ?? 0}, ${paperId},
        ${fields.plotter ?? null},
        ${JSON.stringify(sourceFiles)}::jsonb, ${fileHash}, ${auth.staffId},
        nextval('sync_seq'), now())`.execute(trx);
    await appendSystemEvent(trx, jobId, 'JobCreated', {
      by: auth.staffName,
      workstation: auth.workstationName,
      files: files.length,
    });
    await moveJob(trx, jobId, 'NEW', 'QUEUED', { reason: 'uploaded' });
    const runId = await createRun(trx, {
      kind: 'conversion',
      jobId,
      template: settings.preset,
      config: { settings },
      inputs: sourceFiles.map((f) => ({ name: f.originalName, blobHash: f.blobHash })),
    });
    return { kind: 'created' as const, jobId, runId };
  });
  return outcome;
}

/**
 * The conversion settings: the defaults (A3 landscape, 20 mm, fit, AxiDraw V3/A3) changed
 * by the form. A plotter's model picks the motion profile; a plotter without a model (a
 * virtual one, say) keeps the default; one whose model is not a known AxiDraw is refused
 * rather than planned for the wrong machine.
 */
async function settingsFor(db: Kysely<Database>, fields: UploadFields): Promise<PipelineSettings> {
  let widthMm: number = DEFAULT_PIPELINE_SETTINGS.paperWidthMm;
  let heightMm: number = DEFAULT_PIPELINE_SETTINGS.paperHeightMm;
  let marginMm = DEFAULT_PIPELINE_SETTINGS.marginMm;
  let orientation = fields.orientation ?? 'landscape';
  if (fields.paper && isPaperSizeName(fields.paper)) {
    ({ widthMm, heightMm } = PAPER_SIZES[fields.paper]);
  } else if (fields.paper) {
    const paper = await db
      .selectFrom('papers')
      .select(['width_mm', 'height_mm', 'margin_mm', 'orientation'])
      .where('id', '=', fields.paper)
      .where('is_deleted', '=', false)
      .executeTakeFirst();
    if (!paper) throw new HttpError('bad-request', `paper: no paper with id ${fields.paper}`);
    widthMm = Math.min(paper.width_mm, paper.height_mm);
    heightMm = Math.max(paper.width_mm, paper.height_mm);
    marginMm = paper.margin_mm;
    orientation = fields.orientation ?? paper.orientation;
  }
  const short = Math.min(widthMm, heightMm);
  const long = Math.max(widthMm, heightMm);
  return {
    ...DEFAULT_PIPELINE_SETTINGS,
    model: fields.plotter
      ? await plotterModel(db, fields.plotter)
      : DEFAULT_PIPELINE_SETTINGS.model,
    paperWidthMm: orientation === 'landscape' ? long : short,
    paperHeightMm: orientation === 'landscape' ? short : long,
    marginMm: fields.margin ?? marginMm,
    fit: fields.fit === undefined ? DEFAULT_PIPELINE_SETTINGS.fit : fields.fit === 'true',
    preset: fields.preset ?? DEFAULT_PIPELINE_SETTINGS.preset,
  };
}

/** The motion profile's model for a plotter id (see settingsFor). */
async function plotterModel(db: Kysely<Database>, id: string): Promise<AxidrawModel> {
  const plotter = await db
    .selectFrom('plotters')
    .select(['name', 'model'])
    .where('id', '=', id)
    .where('is_deleted', '=', false)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  if (!plotter) throw new HttpError('bad-request', `plotter: no plotter in service with id ${id}`);
  if (plotter.model === null) return DEFAULT_PIPELINE_SETTINGS.model;
  if (!Object.hasOwn(AXIDRAW_MODELS, plotter.model))
    throw new HttpError(
      'bad-request',
      `plotter: ${plotter.name} has model "${plotter.model}"; expected one of ${Object.keys(AXIDRAW_MODELS).join(', ')}`,
    );
  return plotter.model as AxidrawModel;
}
