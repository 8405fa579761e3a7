import { describe, expect, it } from 'vitest';
import { board } from './emulator-test-kit.ts';

describe('EbbEmulator parser', () => {
  it('answers V without OK, QG with a hex byte, QP/QS with the legacy \\n\\r ending', () => {
    const { send, take } = board('2.8.1');
    send('V\r');
    expect(take()).toBe('EBBv13_and_above EB Firmware Version 2.8.1\r\n');
    send('QG\r');
    expect(take()).toBe('10\r\n'); // pen up, idle
    send('QP\r');
    expect(take()).toBe('1\n\rOK\r\n');
    send('QS\r');
    expect(take()).toBe('0,0\n\rOK\r\n');
  });

  it('is case-insensitive, ignores LF and waits for CR', () => {
    const { send, take } = board();
    send('\nq');
    send('s');
    expect(take()).toBe('');
    send('\r\n');
    expect(take()).toBe('0,0\n\rOK\r\n');
  });

  it('replies with the firmware error lines', () => {
    const { send, take } = board('2.8.1');
    send('ZZ\r');
    expect(take()).toBe("!8 Err: Unknown command 'ZZ:5A5A'\r\n");
    send('SM,100\r');
    expect(take()).toBe('!4 Err: Missing parameter(s)\r\n');
    send('SP,7\r');
    expect(take()).toBe('!6 Err: Invalid paramter value\r\n');
    send('SC,4,9000,1\r');
    expect(take()).toBe('OK\r\n!7 Err: Extra parmater\r\n');
    const v3 = board('3.0.3');
    v3.send('SP,7\r');
    expect(v3.take()).toBe('!6 Err: Invalid parameter value\r\n');
  });

  it('gates commands by firmware version', () => {
    const old = board('2.5.3');
    old.send('LM,85899346,10,0,0,0,0\r');
    expect(old.take()).toBe("!8 Err: Unknown command 'LM:4C4D'\r\n");
    old.send('QU,2\r');
    expect(old.take()).toBe("!8 Err: Unknown command 'QU:5155'\r\n");
    const v3 = board('3.0.3');
    v3.send('QU,2\r');
    expect(v3.take()).toBe('QU,2,32\r\nOK\r\n');
  });

  it('latches the button for QB and the PRG bit of QG', () => {
    const { emu, send, take } = board();
    emu.pressButton();
    send('QG\r');
    expect(take()).toBe('30\r\n');
    send('QG\r');
    expect(take()).toBe('10\r\n');
    emu.pressButton();
    send('QB\r');
    expect(take()).toBe('1\r\nOK\r\n');
    send('QB\r');
    expect(take()).toBe('0\r\nOK\r\n');
  });
});

describe('EbbEmulator back-pressure', () => {
  it('withholds the OK of a motion command that does not fit and parses nothing meanwhile', () => {
    const { emu, send, take } = board('2.8.1');
    send('SM,100,10,10\rSM,100,10,10\rSM,100,10,10\rQS\r');
    // One executing, one in the 1-deep FIFO, the third is held: two OKs only, no QS reply.
    expect(take()).toBe('OK\r\nOK\r\n');
    expect(emu.backPressured).toBe(true);
    emu.advance(99.96);
    expect(take()).toBe('');
    emu.advance(0.04);
    expect(take()).toBe('OK\r\n10,10\n\rOK\r\n');
    emu.runUntilIdle();
    expect(emu.nowMs).toBe(300);
    expect(emu.positionSteps).toEqual([30, 30]);
  });

  it('takes up to the CU,4 depth on 3.x, and the depth resets on power loss', () => {
    const { emu, send, take } = board('3.0.3');
    send('CU,4,8\r');
    expect(take()).toBe('OK\r\n');
    send('SM,10,1,1\r'.repeat(10));
    expect(take()).toBe('OK\r\n'.repeat(9));
    emu.runUntilIdle();
    expect(take()).toBe('OK\r\n');
    emu.powerLoss();
    expect(emu.fifoDepth).toBe(1);
    expect(emu.positionSteps).toEqual([0, 0]);
  });

  it('counts an underrun when the queue runs dry mid-stroke', () => {
    const { emu, send } = board();
    send('SP,0,0\rSM,100,40,40\r');
    emu.advance(150);
    send('SM,100,40,40\r');
    emu.runUntilIdle();
    expect(emu.underruns).toBe(1);
    send('SP,1,0\r');
    emu.advance(50);
    send('SM,100,40,40\r');
    emu.runUntilIdle();
    expect(emu.underruns).toBe(1);
  });
});

describe('EbbEmulator LM timing', () => {
  it('steps as in the reference example 3: 1 ms and 5 ms step periods over 10 ms', () => {
    const { emu, send, take } = board();
    send('LM,85899346,10,0,17180814,2,0\r');
    emu.advance(4);
    send('QS\r');
    expect(take()).toBe('OK\r\n4,0\n\rOK\r\n');
    emu.advance(0.96);
    send('QS\r');
    expect(take()).toBe('4,0\n\rOK\r\n');
    emu.advance(0.04);
    send('QS\r');
    expect(take()).toBe('5,1\n\rOK\r\n');
    emu.runUntilIdle();
    expect(emu.nowMs).toBe(10);
    expect(emu.positionSteps).toEqual([10, 2]);
  });

  it('follows C_T = Rate·T + Accel·T²/2 for an accelerating axis', () => {
    // Rate 0, Accel 2^20 (even, so the −Accel/2 start adjustment is exact): steps after T ticks
    // are floor(2^20·T²/2 / 2^31) = floor(T²/4096); the rate stays below 2^31 up to T = 2047.
    for (const ticks of [64, 65, 100, 1000, 2000]) {
      const { emu, send } = board();
      send(`LM,0,5000,${2 ** 20},0,0,0\r`);
      emu.advance(ticks / 25);
      expect(emu.positionSteps[0]).toBe(Math.floor((ticks * ticks) / 4096));
    }
  });

  it('matches the reference durations of examples 6 (77 ms) and 7 (500 ms)', () => {
    const six = board();
    six.send('LM,42950000,50,13400,0,0,0\r');
    six.emu.runUntilIdle();
    expect(Math.round(six.emu.nowMs)).toBe(77);
    const seven = board();
    seven.send('LM,17179000,75,-687,8592000,75,687\r');
    seven.emu.runUntilIdle();
    expect(Math.abs(seven.emu.nowMs - 500)).toBeLessThan(1);
    expect(seven.emu.positionSteps).toEqual([75, 75]);
  });

  it('records pen-down motion as mm segments with virtual times', () => {
    const { emu, send } = board();
    send('SP,0,100\rSM,1000,800,800\rSP,1,100\rSM,1000,-800,-800\r');
    emu.runUntilIdle();
    expect(emu.drawn).toEqual([{ x0Mm: 0, y0Mm: 0, x1Mm: 10, y1Mm: 0, startMs: 100, endMs: 1100 }]);
  });
});
