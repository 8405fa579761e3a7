import { EbbError } from './ebb-error.ts';
import type { EbbLink } from './ebb-link.ts';
import type { EbbTimer } from './ebb-timer.ts';
import type { MotionLine } from './motion-writer.ts';

/** What the board said right after an E-stop. */
export interface StopReading {
  /** The motors' step counters where the carriage stopped (`QS`). */
  steps: [number, number];
  /** The pen's commanded state when motion stopped, before the lift (`QP`). */
  penUp: boolean;
  /** A move was running or queued (`ES`'s first field). */
  interrupted: boolean;
  /** When the `ES` was sent, on the driver's clock. */
  sentAtMs: number;
}

/**
 * Stop the board where it stands (EBB ref, `ES`: aborts the running move and empties the
 * motion FIFO; motors stay energised, so the step counters stay exact), read the pen and the
 * counters, and lift the pen there. The four commands go out back to back: the board parses
 * them in order right after the ones already sent, so the lift starts on the tick the motion
 * stops. `ES` answers `<interrupted>` on 3.x and `<interrupted>,<fifo1>,<fifo2>,<rem1>,<rem2>`
 * on 2.x (legacy format); only the first field is read. `waitMs` covers the motion still
 * ahead of the `ES` in the board's input.
 */
export async function stopBoard(
  link: EbbLink,
  timer: EbbTimer,
  lift: MotionLine,
  waitMs: number,
): Promise<StopReading> {
  const sentAtMs = timer.now();
  const timeout = link.replyTimeoutMs + Math.max(0, waitMs);
  const [es, qp, , qs] = await Promise.all([
    link.send('ES', 'line-ok', timeout),
    link.send('QP', 'line-ok', timeout),
    link.send(lift.text, 'ok', timeout + lift.ticks / 25),
    link.send('QS', 'line-ok', timeout),
  ]);
  const interrupted = /^([01])(,|$)/.exec(es);
  if (!interrupted)
    throw new EbbError('garbage', `expected '<interrupted>[,…]' to 'ES', got '${es}'`);
  if (qp !== '0' && qp !== '1')
    throw new EbbError('garbage', `expected 0 or 1 to 'QP', got '${qp}'`);
  const at = /^(-?\d+),(-?\d+)$/.exec(qs);
  if (!at) throw new EbbError('garbage', `expected '<steps1>,<steps2>' to 'QS', got '${qs}'`);
  return {
    steps: [Number(at[1]), Number(at[2])],
    penUp: qp === '1',
    interrupted: interrupted[1] === '1',
    sentAtMs,
  };
}
