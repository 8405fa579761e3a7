import { describe, expect, it } from 'vitest';
import { describeEbbError } from './describe-ebb-error.ts';
import { EbbError } from './ebb-error.ts';

describe('describeEbbError', () => {
  it.each([
    [
      new EbbError('garbage', "expected OK to 'SM,10,1,1', got '\\xfe'"),
      "the plotter sent something that is not an EBB reply (expected OK to 'SM,10,1,1', got '\\xfe').",
    ],
    [
      new EbbError('no-reply', "expected OK to 'SM,10,1,1' within 1000 ms, got nothing"),
      "the plotter did not answer in time (expected OK to 'SM,10,1,1' within 1000 ms, got nothing). Check that it is switched on and its USB cable is in.",
    ],
    [
      new EbbError('disconnected', 'expected replies from the board, the port closed'),
      'the plotter is no longer connected (expected replies from the board, the port closed). Check its USB cable and power, then connect it again.',
    ],
    [
      new EbbError(
        'firmware-too-old',
        "expected EBB firmware 2.4.4 or newer, got 'EBBv13_and_above EB Firmware Version 2.0.1'",
      ),
      "the plotter's firmware is too old (expected EBB firmware 2.4.4 or newer, got 'EBBv13_and_above EB Firmware Version 2.0.1'). Update the EiBotBoard firmware.",
    ],
    [
      new EbbError(
        'board-error',
        "expected OK to 'LM,1', the board answered '!6 Err: Invalid paramter value'",
      ),
      "the plotter refused a command (expected OK to 'LM,1', the board answered '!6 Err: Invalid paramter value').",
    ],
  ])('names %s in plain words, with the detail', (error, text) => {
    expect(describeEbbError(error)).toBe(text);
  });

  it('passes any other error through as its message', () => {
    expect(describeEbbError(new Error('No plotter has been allowed on this device yet.'))).toBe(
      'No plotter has been allowed on this device yet.',
    );
    expect(describeEbbError('odd')).toBe('odd');
  });
});
