import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rxSchemaFromZod } from './rx-schema-from-zod.ts';
import { rxSchemaHash } from './rx-schema-hash.ts';

const Pen = z.strictObject({ id: z.string().max(36), name: z.string().max(50) });
const base = rxSchemaFromZod(Pen, { primaryKey: 'id', indexes: [['name']] });

describe('rxSchemaHash', () => {
  it('is SHA-256 hex, and the same for the same schema', async () => {
    const hash = await rxSchemaHash(base);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await rxSchemaHash(structuredClone(base))).toBe(hash);
  });

  it('ignores the version and the order of object keys (RxDB compares neither)', async () => {
    const hash = await rxSchemaHash(base);
    expect(await rxSchemaHash({ ...base, version: 3 })).toBe(hash);
    const reversed = Object.fromEntries(Object.entries(base).reverse()) as typeof base;
    expect(await rxSchemaHash(reversed)).toBe(hash);
  });

  it('changes with a field, a bound, an index or the order of an array', async () => {
    const hash = await rxSchemaHash(base);
    const variants = [
      rxSchemaFromZod(Pen.extend({ color: z.string().max(20) }), { primaryKey: 'id' }),
      rxSchemaFromZod(Pen.extend({ name: z.string().max(51) }), {
        primaryKey: 'id',
        indexes: [['name']],
      }),
      rxSchemaFromZod(Pen, { primaryKey: 'id' }),
      { ...base, required: [...(base.required as string[])].reverse() },
    ];
    for (const variant of variants) expect(await rxSchemaHash(variant)).not.toBe(hash);
  });
});
