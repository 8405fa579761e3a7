import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { axidrawProfile } from './axidraw-models.ts';
import { decodePlanBlob, encodePlanBlob, PlanBlobError } from './plan-blob.ts';
import { planMotion } from './plan-motion.ts';
import { sha256Hex } from './sha256-hex.ts';
import { summarizePlan } from './summarize-plan.ts';
import { importSvg } from '../svg/import-svg.ts';

const corpus = new URL('../../../shared/corpus/svg/', import.meta.url);

function planOf(file: string) {
  const drawing = importSvg(readFileSync(new URL(file, corpus), 'utf8'));
  const plan = planMotion(drawing.layers, axidrawProfile('axidraw-v3-a3'));
  return { plan, summary: summarizePlan(plan) };
}

describe('plan blob', () => {
  test.each(['misc__multilayer_named_layers.svg', 'benchmark__500_circles.svg', 'misc__empty.svg'])(
    '%s round-trips blocks, layers and summary exactly',
    (file) => {
      const { plan, summary } = planOf(file);
      const decoded = decodePlanBlob(encodePlanBlob(plan, summary));
      expect(decoded.plan.blocks).toEqual(plan.blocks);
      expect(decoded.plan.layers).toEqual(plan.layers);
      expect(decoded.plan.durationS).toBe(plan.durationS);
      expect(decoded.summary).toEqual(summary);
    },
  );

  test('the same plan gives the same bytes and hash; a different plan a different hash', async () => {
    const a = planOf('misc__multilayer.svg');
    const b = planOf('misc__multilayer.svg');
    const ba = encodePlanBlob(a.plan, a.summary);
    const bb = encodePlanBlob(b.plan, { ...b.summary }); // key order of the caller's object must not matter
    expect(bb).toEqual(ba);
    const hash = await sha256Hex(ba);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await sha256Hex(bb)).toBe(hash);
    const c = planOf('misc__few_circles.svg');
    expect(await sha256Hex(encodePlanBlob(c.plan, c.summary))).not.toBe(hash);
  });

  test('sha256Hex matches the published test vector for "abc"', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  test('header is little-endian: magic, version 1, block count', () => {
    const { plan, summary } = planOf('misc__few_circles.svg');
    const bytes = encodePlanBlob(plan, summary);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('FDPL');
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint16(4, true)).toBe(1);
    expect(view.getUint32(8, true)).toBe(plan.blocks.length / 8);
    expect(view.getFloat64(24, true)).toBe(plan.blocks[0]);
  });

  test.each([
    ['not a plan', new TextEncoder().encode('<svg/> and then some padding bytes'), 'not-a-plan'],
    ['a cut-off plan', null, 'truncated'],
    ['a future version', 'version', 'unsupported-version'],
  ] as const)('refuses %s with a named code', (_label, input, code) => {
    const { plan, summary } = planOf('misc__few_circles.svg');
    let bytes = encodePlanBlob(plan, summary);
    if (input === null) bytes = bytes.subarray(0, bytes.length - 10);
    else if (input === 'version') new DataView(bytes.buffer).setUint16(4, 2, true);
    else bytes = input;
    try {
      decodePlanBlob(bytes);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PlanBlobError);
      expect((error as PlanBlobError).code).toBe(code);
    }
  });
});
