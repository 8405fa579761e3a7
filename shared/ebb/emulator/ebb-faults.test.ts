import { describe, expect, it } from 'vitest';
import { board } from './emulator-test-kit.ts';

describe('EbbFaults: garbage and wrong replies', () => {
  it('sends garbage bytes at once, unasked', () => {
    const { emu, take } = board();
    emu.faults.sendGarbage(new Uint8Array([0xff, 0x00, 0x4f, 0x0d]));
    expect(take()).toBe('\xff\x00O\r');
  });

  it('answers the next query with other text, while the query still takes effect', () => {
    const { emu, send, take } = board();
    emu.pressButton();
    emu.faults.replaceNextReply('OK\r\n', 'qg');
    send('QP\r');
    expect(take()).toBe('1\n\rOK\r\n'); // another command is not affected
    send('QG\r');
    expect(take()).toBe('OK\r\n');
    // The button latch was read and cleared by the replaced QG.
    send('QG\r');
    expect(take()).toBe('10\r\n');
  });

  it('replaces the reply of whatever command comes next when no command is named', () => {
    const { emu, send, take } = board();
    emu.faults.replaceNextReply('#$%\r\n');
    send('QS\r');
    expect(take()).toBe('#$%\r\n');
    send('QS\r');
    expect(take()).toBe('0,0\n\rOK\r\n');
  });

  it('sends a held motion command’s replacement when it enters the queue, in place of its OK', () => {
    const { emu, send, take } = board('2.8.1');
    send('SM,100,100,0\r'); // runs
    send('SM,100,100,0\r'); // queued (depth 1)
    expect(take()).toBe('OK\r\nOK\r\n');
    emu.faults.replaceNextReply('XX\r\n');
    send('SM,100,100,0\r'); // held: the queue is full
    expect(take()).toBe('');
    emu.advanceUntilOutput(1000);
    expect(emu.nowMs).toBe(100);
    expect(take()).toBe('XX\r\n');
    emu.runUntilIdle();
    expect(emu.positionSteps).toEqual([300, 0]); // all three moves ran
  });
});

describe('EbbFaults: late replies', () => {
  it('delivers replies late on the virtual clock, stopping time when they fall due', () => {
    const { emu, send, take, arrivals } = board();
    emu.faults.delayReplies(40);
    send('QP\r');
    expect(take()).toBe('');
    expect(emu.busy).toBe(true); // something is still to come without the host
    emu.advanceUntilOutput(1000);
    expect(emu.nowMs).toBe(40);
    expect(take()).toBe('1\n\rOK\r\n');
    expect(arrivals.map((a) => a.atMs)).toEqual([40, 40]); // the line, then its OK
    expect(emu.busy).toBe(false);
  });

  it('keeps the order when the delay drops: a later reply never overtakes', () => {
    const { emu, send, arrivals } = board();
    emu.faults.delayReplies(50);
    send('QS\r');
    emu.advance(10);
    emu.faults.delayReplies(0);
    send('V\r');
    emu.runUntilIdle();
    expect(arrivals.map((a) => a.text).join('')).toBe(
      '0,0\n\rOK\r\nEBBv13_and_above EB Firmware Version 2.8.1\r\n',
    );
    expect(arrivals.map((a) => a.atMs)).toEqual([50, 50, 50]);
  });
});

describe('EbbFaults: a stalled board', () => {
  it('parses and answers nothing while the motion queue runs out, then goes on after unstall', () => {
    const { emu, send, take } = board();
    send('SM,200,400,0\r');
    expect(take()).toBe('OK\r\n');
    emu.faults.stall();
    send('QS\r');
    send('SM,100,100,0\r');
    emu.advance(500);
    expect(take()).toBe('');
    expect(emu.positionSteps).toEqual([400, 0]); // the first move still ran
    expect(emu.commandLog).toEqual(['SM,200,400,0']);
    emu.faults.unstall();
    emu.receive(new Uint8Array()); // any input lets the parser go on
    emu.runUntilIdle();
    expect(take()).toBe('400,0\n\rOK\r\nOK\r\n');
    expect(emu.positionSteps).toEqual([500, 0]);
  });

  it('ends a hang with a power loss', () => {
    const { emu } = board();
    emu.faults.stall();
    emu.powerLoss();
    expect(emu.faults.stalled).toBe(false);
  });
});

describe('EbbEmulator firmware strings', () => {
  it('has QG and HM but no LM on 2.6.5, between the two feature gates', () => {
    const { send, take } = board('2.6.5');
    send('V\r');
    expect(take()).toBe('EBBv13_and_above EB Firmware Version 2.6.5\r\n');
    send('QG\r');
    expect(take()).toBe('10\r\n');
    send('LM,85899346,10,0,0,0,0\r');
    expect(take()).toBe("!8 Err: Unknown command 'LM:4C4D'\r\n");
    send('HM,1000\r');
    expect(take()).toBe('OK\r\n');
  });

  it('reports another version line when told to, e.g. a clone board’s banner', () => {
    const { send, take } = board('2.8.1', { versionLine: 'EggDuino firmware 1.6a' });
    send('v\r');
    expect(take()).toBe('EggDuino firmware 1.6a\r\n');
  });
});
