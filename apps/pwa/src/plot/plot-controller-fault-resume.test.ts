import { AxiKinematics } from '@fabdesk/shared/ebb/axidraw-kinematics.ts';
import { createEmulatedPort } from '@fabdesk/shared/ebb/emulator/create-emulated-port.ts';
import { compareDrawn } from '@fabdesk/shared/plot/compare-drawn.ts';
import type { PlotCheckpoint } from '@fabdesk/shared/plot/plot-checkpoint.ts';
import { locateBoardStop, resumePointFromCheckpoint } from '@fabdesk/shared/plot/resume-point.ts';
import { afterEach, describe, expect, it } from 'vitest';
import {
  newId,
  faultPlan as plan,
  plotWithFault,
  recordPort,
  stopBoards,
} from './plot-fault-kit.ts';
import { statsFor } from './plot-test-kit.ts';
import { DEFAULT_PLOTTER_SETTINGS } from './plotter-settings.ts';

// "Resume from the last pen-up" after a plotter fault left the job PAUSED (the console's
// path): the board kept power, so the resume continues from where it stopped, mid-stroke
// too, and every stroke of the plan is drawn exactly once.

afterEach(stopBoards);

describe('PlotController: resuming after a fault the board survived', () => {
  /** "Resume from the last pen-up" of the console: the stored checkpoint, the job PAUSED. */
  async function resumeFromCheckpoint(r: Awaited<ReturnType<typeof plotWithFault>>) {
    const stored = r.store.checkpoint;
    expect(stored).not.toBeNull();
    const again = recordPort();
    let confirmations = 0;
    const jobId = stored?.jobId ?? '';
    await r.controller.resumeInterrupted({
      jobId,
      planHash: 'f'.repeat(64),
      plan,
      record: again.port,
      details: {},
      stats: statsFor(jobId, newId),
      checkpoint: stored,
      jobState: 'PAUSED',
      confirmHome: async () => void confirmations++,
    });
    return { again, confirmations, stored };
  }

  /**
   * The board kept power, so its counters say where it stopped (mid-stroke or on a travel,
   * at or past the checkpoint): no homing by hand, and every stroke is drawn exactly once.
   */
  function expectExactResume(
    r: Awaited<ReturnType<typeof plotWithFault>>,
    resumed: Awaited<ReturnType<typeof resumeFromCheckpoint>>,
  ) {
    const { again, confirmations, stored } = resumed;
    expect(r.controller.state.phase).toBe('completed');
    expect(confirmations).toBe(0);
    expect(again.moves.at(0)).toMatchObject({
      to: 'PLOTTING',
      type: 'PlotResumed',
      details: { after: 'interruption', positionFrom: 'board' },
    });
    expect(again.moves.at(0)?.details.pathIndex).toBeGreaterThanOrEqual(stored?.pathIndex ?? 0);
    expect(again.moves.at(-1)).toMatchObject({ to: 'COMPLETED', type: 'PlotCompleted' });
    const drawn = compareDrawn(plan.blocks, r.emu.drawn);
    expect(drawn.strayLines).toBe(0);
    expect(drawn.missingMm).toBeLessThanOrEqual(1 / 80);
    expect(drawn.retracedMm).toBe(0);
    expect(r.emu.positionSteps).toEqual([0, 0]);
  }

  it.each(['2.8.1', '3.0.3'] as const)(
    'on %s: garbage, then Resume from the last pen-up on the same connection continues where the board stopped, every stroke once',
    async (firmware) => {
      // The garbage comes 100 ms (board time) into a stroke, so the board stops mid-stroke.
      const r = await plotWithFault(firmware, (emu, board) => {
        let downMs = 0;
        const watch = () => {
          downMs = emu.penUp ? 0 : downMs + 10;
          if (downMs > 100) emu.faults.sendGarbage('\x00\xff#\r\n');
          else board.timer.setTimeout(watch, 10);
        };
        watch();
      });
      // The driver stopped the board and lifted the pen where it stood. The board runs on
      // a real-time clock here, so whether that was mid-stroke (no pen-up place of the plan
      // there) or at a stroke's end depends on the machine's load; either way the board's
      // place is on the plan after the checkpoint. The mid-stroke case on its own, on a
      // virtual clock, is in shared/plot/prepare-resume.test.ts.
      expect(r.emu.penUp).toBe(true);
      const [x, y] = AxiKinematics.pointMm(...r.emu.positionSteps);
      const from = resumePointFromCheckpoint(plan, r.store.checkpoint as PlotCheckpoint);
      expect(locateBoardStop(plan, from, x, y, true, { penMayBeLifted: true })).not.toBeNull();
      r.board.start();
      expectExactResume(r, await resumeFromCheckpoint(r));
      await r.controller.disconnect();
    },
    30_000,
  );

  it('a pulled cable: plugged in again and connected, the resume continues where the board stopped, every stroke once', async () => {
    const r = await plotWithFault('2.8.1', (emu) => emu.disconnect());
    expect(r.controller.state.phase).toBe('disconnected');
    // The cable goes back in: the board (it kept power and ran what it had queued) is a
    // port again, and Connect finds it granted.
    r.socket.port = createEmulatedPort(r.emu);
    r.board.start();
    await r.controller.connectSerial(DEFAULT_PLOTTER_SETTINGS, false);
    expect(r.controller.state.phase).toBe('ready');
    expectExactResume(r, await resumeFromCheckpoint(r));
    await r.controller.disconnect();
  }, 30_000);
});
