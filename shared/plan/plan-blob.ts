import { z } from 'zod';
import { BLOCK_STRIDE } from './motion-block.ts';
import type { MotionPlan, PlanLayer } from './plan-motion.ts';
import { type PlanSummary, PlanSummarySchema } from './plan-summary.ts';
import { webPlatform } from './web-platform.ts';

/**
 * The plan blob: one motion plan with its summary and layer table in one byte array, stored
 * content-addressed (SHA-256) on the server and cached on devices. Little-endian, versioned,
 * and deterministic (the same plan always gives the same bytes, so the same hash):
 *
 *   0  'FDPL'                 magic
 *   4  u16 version (1)        6  u16 flags (0)
 *   8  u32 block count        12 u32 summary JSON bytes     16 u32 layer table JSON bytes
 *   20 u32 reserved (0)
 *   24 f64 × 8·blockCount     the blocks (motion-block.ts), 8-byte aligned
 *   …  UTF-8 JSON summary, then UTF-8 JSON layer table (keys in a fixed order)
 */
export const PLAN_BLOB_VERSION = 1;
export const PLAN_BLOB_MEDIA_TYPE = 'application/vnd.fabdesk.plan';
const MAGIC = [0x46, 0x44, 0x50, 0x4c]; // 'FDPL'
const HEADER_BYTES = 24;

/** Why bytes could not be read as a plan blob. */
export const PlanBlobErrorCode = {
  notAPlan: 'not-a-plan',
  unsupportedVersion: 'unsupported-version',
  truncated: 'truncated',
  badContent: 'bad-content',
} as const;
export type PlanBlobErrorCode = (typeof PlanBlobErrorCode)[keyof typeof PlanBlobErrorCode];

/** The one error class of the plan-blob boundary (bytes from the network or a cache). */
export class PlanBlobError extends Error {
  readonly code: PlanBlobErrorCode;
  constructor(code: PlanBlobErrorCode, message: string) {
    super(message);
    this.name = 'PlanBlobError';
    this.code = code;
  }
}

const PlanLayerSchema = z.strictObject({
  layerIndex: z.int().min(0),
  key: z.string(),
  name: z.string(),
  color: z.string().nullable(),
  firstBlock: z.int().min(0),
  blockCount: z.int().min(0),
  pathCount: z.int().min(0),
  pointCount: z.int().min(0),
  penChange: z.boolean(),
  pauseBefore: z.boolean(),
});

/** A decoded plan blob. */
export interface PlanBlob {
  plan: MotionPlan;
  summary: PlanSummary;
}

/** Encodes a plan and its summary; see the layout above. */
export function encodePlanBlob(plan: MotionPlan, summary: PlanSummary): Uint8Array {
  if (plan.blocks.length % BLOCK_STRIDE !== 0)
    throw new Error(`plan has ${plan.blocks.length} numbers, not a multiple of ${BLOCK_STRIDE}`);
  const encoder = new webPlatform.TextEncoder();
  // Parsing fixes the key order to the schema's, whatever order the caller built them in.
  const summaryBytes = encoder.encode(JSON.stringify(PlanSummarySchema.parse(summary)));
  const layerBytes = encoder.encode(JSON.stringify(plan.layers.map(layerInOrder)));
  const blockCount = plan.blocks.length / BLOCK_STRIDE;
  const blockBytes = plan.blocks.length * 8;
  const out = new Uint8Array(HEADER_BYTES + blockBytes + summaryBytes.length + layerBytes.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint16(4, PLAN_BLOB_VERSION, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, blockCount, true);
  view.setUint32(12, summaryBytes.length, true);
  view.setUint32(16, layerBytes.length, true);
  view.setUint32(20, 0, true);
  if (LITTLE_ENDIAN) {
    out.set(new Uint8Array(plan.blocks.buffer, plan.blocks.byteOffset, blockBytes), HEADER_BYTES);
  } else {
    for (let i = 0; i < plan.blocks.length; i++)
      view.setFloat64(HEADER_BYTES + i * 8, plan.blocks[i] ?? 0, true);
  }
  out.set(summaryBytes, HEADER_BYTES + blockBytes);
  out.set(layerBytes, HEADER_BYTES + blockBytes + summaryBytes.length);
  return out;
}

/** Decodes a plan blob, checking its magic, version, lengths and contents. */
export function decodePlanBlob(bytes: Uint8Array): PlanBlob {
  if (bytes.length < HEADER_BYTES || MAGIC.some((b, i) => bytes[i] !== b))
    throw new PlanBlobError('not-a-plan', 'expected a fabdesk plan blob starting with "FDPL"');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== PLAN_BLOB_VERSION)
    throw new PlanBlobError(
      'unsupported-version',
      `plan blob version ${version}; this build reads version ${PLAN_BLOB_VERSION}`,
    );
  const blockCount = view.getUint32(8, true);
  const summaryLength = view.getUint32(12, true);
  const layerLength = view.getUint32(16, true);
  const blockBytes = blockCount * BLOCK_STRIDE * 8;
  const expected = HEADER_BYTES + blockBytes + summaryLength + layerLength;
  if (bytes.length !== expected)
    throw new PlanBlobError(
      'truncated',
      `plan blob should be ${expected} bytes by its header; got ${bytes.length}`,
    );
  const blocks = new Float64Array(blockCount * BLOCK_STRIDE);
  if (LITTLE_ENDIAN) {
    new Uint8Array(blocks.buffer).set(bytes.subarray(HEADER_BYTES, HEADER_BYTES + blockBytes));
  } else {
    for (let i = 0; i < blocks.length; i++) blocks[i] = view.getFloat64(HEADER_BYTES + i * 8, true);
  }
  const decoder = new webPlatform.TextDecoder('utf-8', { fatal: true });
  let summary: PlanSummary;
  let layers: PlanLayer[];
  try {
    const start = HEADER_BYTES + blockBytes;
    summary = PlanSummarySchema.parse(
      JSON.parse(decoder.decode(bytes.subarray(start, start + summaryLength))),
    );
    layers = z
      .array(PlanLayerSchema)
      .parse(JSON.parse(decoder.decode(bytes.subarray(start + summaryLength))));
  } catch (error) {
    throw new PlanBlobError(
      'bad-content',
      `plan blob summary or layer table is unreadable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let durationS = 0;
  for (let i = BLOCK_STRIDE - 1; i < blocks.length; i += BLOCK_STRIDE) durationS += blocks[i] ?? 0;
  return { plan: { blocks, layers, durationS }, summary };
}

function layerInOrder(l: PlanLayer): PlanLayer {
  return {
    layerIndex: l.layerIndex,
    key: l.key,
    name: l.name,
    color: l.color,
    firstBlock: l.firstBlock,
    blockCount: l.blockCount,
    pathCount: l.pathCount,
    pointCount: l.pointCount,
    penChange: l.penChange,
    pauseBefore: l.pauseBefore,
  };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
