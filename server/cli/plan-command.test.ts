import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodePlanBlob } from '@fabdesk/shared/plan/plan-blob.ts';

// The CLI as a user runs it: the bin shim, spawned, reading real corpus files.
const shim = new URL('../../bin/fabdesk.js', import.meta.url).pathname;
const corpus = new URL('../../../shared/corpus/svg/', import.meta.url).pathname;

function fabdesk(args: string[], node = process.execPath) {
  const r = spawnSync(node, [shim, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('fabdesk plan', () => {
  test('--json prints one object with the figures, and --out writes the plan blob it describes', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fabdesk-cli-')), 'plan.bin');
    const r = fabdesk([
      'plan',
      `${corpus}misc__multilayer.svg`,
      `${corpus}misc__text_element.svg`,
      '--paper',
      'A4',
      '--portrait',
      '--margin',
      '10',
      '--preset',
      'fast',
      '--json',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!);
    expect(report.settings).toMatchObject({
      paperWidthMm: 210,
      paperHeightMm: 297,
      marginMm: 10,
      fit: true,
    });
    expect(report.pathsIn).toBeGreaterThan(0);
    expect(report.unplottable).toEqual({ text: expect.any(Number) });
    expect(report.layers.length).toBe(report.layerCount);
    for (const key of ['import', 'optimize', 'plan'])
      expect(report.timingsMs[key]).toBeGreaterThanOrEqual(0);
    const blob = decodePlanBlob(new Uint8Array(readFileSync(out)));
    expect(blob.summary.distanceTravelMm).toBeCloseTo(report.penUpMm, 9);
    expect(blob.summary.penLifts).toBe(report.penLifts);
    expect(blob.plan.durationS).toBeCloseTo(report.planS, 6);
    expect(report.plan).toMatchObject({ bytes: readFileSync(out).length, out });
  });

  test('the table names the figures and what could not be plotted', () => {
    const r = fabdesk(['plan', `${corpus}misc__text_element.svg`, '--preset', 'fast']);
    expect(r.code).toBe(0);
    for (const label of [
      'paths',
      'pen-down',
      'pen-up',
      'pen lifts',
      'plan',
      'import',
      'optimize',
      'not plotted',
    ])
      expect(r.stdout).toContain(label);
    expect(r.stdout).toMatch(/not plotted +\d+ text/);
  });

  test('an empty file says nothing to plot; a broken one fails naming the file and problem', () => {
    const empty = fabdesk(['plan', `${corpus}misc__empty.svg`, '--json']);
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toMatchObject({
      pathsIn: 0,
      nothingToPlot: true,
      penLifts: 0,
    });
    const dir = mkdtempSync(join(tmpdir(), 'fabdesk-cli-'));
    const missing = fabdesk(['plan', join(dir, 'nope.svg')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
    const bad = fabdesk(['plan', `${corpus}misc__few_circles.svg`, '--paper', 'B7']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--paper must be one of/);
  });

  test('the shim re-runs the CLI on the project Node 24 when an older node starts it', () => {
    const system = spawnSync('node', ['-p', 'process.versions.node'], { encoding: 'utf8' });
    const major = Number(system.stdout?.split('.')[0]);
    if (!(major < 24)) return; // only meaningful where PATH's node is older
    const r = fabdesk(
      ['plan', `${corpus}misc__few_circles.svg`, '--json', '--preset', 'fast'],
      'node',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).pathsIn).toBeGreaterThan(0);
  });
});
