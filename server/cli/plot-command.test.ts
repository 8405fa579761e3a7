import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('./fabdesk.ts', import.meta.url));
const corpus = fileURLToPath(new URL('../../../shared/corpus/svg/', import.meta.url));

const fabdesk = (...args: string[]) =>
  run(process.execPath, [cli, ...args], { timeout: 60_000 }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

describe('fabdesk plot', () => {
  it.each(['3.0.3', '2.8.1'])(
    '--virtual --firmware %s --json plots a corpus file on the emulator and says what happened',
    async (firmware) => {
      const { code, stdout, stderr } = await fabdesk(
        'plot',
        `${corpus}misc__multilayer.svg`,
        '--virtual',
        '--firmware',
        firmware,
        '--json',
        '--preset',
        'fast',
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const report = JSON.parse(stdout);
      expect(report).toMatchObject({
        completed: true,
        firmware,
        queueDepth: firmware === '3.0.3' ? 32 : 1,
        underruns: 0,
        errorReplies: 0,
        missingMm: 0,
        retracedMm: 0,
      });
      expect(report.strokesPlanned).toBeGreaterThan(1);
      expect(report.strokesDrawn).toBe(report.strokesPlanned);
      expect(report.drawnMm).toBeCloseTo(report.plannedMm, 0);
      expect(Math.abs(report.estimateErrorPercent)).toBeLessThan(0.5);
      expect(report.commandsPerS).toBeGreaterThan(0);
    },
    60_000,
  );

  it('shows progress in the terminal without --json', async () => {
    const { code, stdout, stderr } = await fabdesk(
      'plot',
      `${corpus}misc__few_circles.svg`,
      '--virtual',
      '--preset',
      'fast',
    );
    expect(code).toBe(0);
    expect(stderr).toContain('plotting 100%');
    expect(stdout).toMatch(/^completed\s+true$/m);
  }, 60_000);

  it('explains bad arguments and a missing plotter', async () => {
    expect(await fabdesk('plot')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: fabdesk plot'),
    });
    expect(
      await fabdesk('plot', `${corpus}misc__few_circles.svg`, '--virtual', '--firmware', '1.0'),
    ).toMatchObject({ code: 2 });
    expect(
      await fabdesk(
        'plot',
        `${corpus}misc__few_circles.svg`,
        '--port',
        '/dev/fabdesk-no-such-port',
        '--preset',
        'fast',
      ),
    ).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No port at /dev/fabdesk-no-such-port'),
    });
  }, 60_000);
});
