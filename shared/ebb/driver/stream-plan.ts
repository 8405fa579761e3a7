import { BLOCK_STRIDE, BlockKind } from '../../plan/motion-block.ts';
import type { MotionQueue, QueuedCommand } from './motion-queue.ts';
import type { MotionLine, MotionWriter } from './motion-writer.ts';
import type { PauseGate, PauseReason } from './pause-gate.ts';
import type { BoardStop, PlotCallbacks, PlotCheckpoint } from './plot-callbacks.ts';
import type { StopReading } from './stop-board.ts';

/** What the stream remembers of each motion command, to find where an E-stop left it. */
export interface CommandTag {
  /** The plan block it belongs to. */
  block: number;
  /** Commanded motor steps before and after it. */
  from: [number, number];
  to: [number, number];
  /** The pen is down while it runs. */
  penDown: boolean;
}

/** The board side of a stream, provided by `EbbDriver`. */
export interface StreamBoard {
  queue: MotionQueue<CommandTag>;
  gate: PauseGate;
  writer: MotionWriter;
  /** Poll the button latch (rate-limited); a press becomes an end-of-path pause request. */
  pollButton(): Promise<void>;
  /** Wait until the board has run everything; false if a pause-now or abort came first. */
  waitIdle(interruptible: boolean): Promise<boolean>;
  /** `ES`, read pen and counters, lift the pen (`stopBoard`). */
  stop(): Promise<StopReading>;
}

/** How far an E-stop position may lie off a command's straight path, in motor steps. */
const ON_PATH_STEPS = 1.5;

/**
 * Streams `plan`'s blocks through the board's motion queue: moves and pen moves as the
 * writer makes them, LAYER markers restart the path count, PAUSE blocks (pen swaps) wait for
 * resume, a pen-up is a checkpoint (reported once the board has run it) and a chance to poll
 * the button. An end-of-path pause waits at the next pen-up with the board idle; a pause-now
 * stops the board where it is (`stopHere`) and ends the stream with the `BoardStop`.
 */
export async function streamPlan(
  board: StreamBoard,
  plan: Float64Array,
  cb: PlotCallbacks,
): Promise<'completed' | 'aborted' | BoardStop> {
  const { queue, gate, writer } = board;
  let layer = 0;
  let pathIndex = 0;
  let drawnMm = 0;
  let penDown = false;
  let commanded: [number, number] = [writer.steps[0], writer.steps[1]];
  let lastCommand = -1;
  /** The block the stream is at (markers before it are passed). */
  let at = -1;
  const checkpoints: { afterCommand: number; checkpoint: PlotCheckpoint }[] = [];
  const report = (ran: (afterCommand: number) => boolean) => {
    while (checkpoints[0] && ran(checkpoints[0].afterCommand)) {
      const { checkpoint } = checkpoints.shift() as { checkpoint: PlotCheckpoint };
      cb.onCheckpoint?.(checkpoint);
    }
  };
  // A command accepted at index k entered a FIFO of `depth`: everything sent depth + 1
  // commands before it has finished executing.
  const confirm = (acked: number) => report((c) => c <= acked - (queue.depth + 1));
  // Once the board is idle, every pen-up sent so far has run.
  const settled = () => report(() => true);

  const send = async (line: MotionLine, block: number, onAck?: () => void) => {
    const to: [number, number] = [
      commanded[0] + (line.delta?.[0] ?? 0),
      commanded[1] + (line.delta?.[1] ?? 0),
    ];
    const down = line.penUp === undefined ? penDown : !line.penUp;
    const tag = { block, from: commanded, to, penDown: down };
    const index = await queue.send(
      line,
      tag,
      (acked) => {
        onAck?.();
        confirm(acked);
      },
      gate,
    );
    if (index === null) return false;
    commanded = to;
    penDown = down;
    lastCommand = index;
    return true;
  };

  /** Let the board run dry, report, wait for resume; a pause-now while it drains wins. */
  const pauseHere = async (reason: PauseReason): Promise<'resumed' | 'aborted' | 'stop'> => {
    if (!(await board.waitIdle(true))) return gate.aborted ? 'aborted' : 'stop';
    settled();
    const resumed = await gate.hold(
      () => cb.onPause?.(reason),
      () => gate.request !== null || reason === 'plan',
    );
    return resumed ? 'resumed' : 'aborted';
  };

  const stopHere = async (): Promise<'aborted' | BoardStop> => {
    if (gate.aborted) return 'aborted';
    const reason = gate.request?.reason ?? 'user';
    const reading = await board.stop();
    const running = commandAt(queue.unfinished, reading);
    // Nothing unfinished: the board stood still where the stream had got to.
    const block = running?.tag.block ?? queue.unfinished[0]?.tag.block ?? at;
    // Pen-ups up to the command the board stopped in have run; the rest never will.
    if (running) report((c) => c <= running.index);
    checkpoints.length = 0;
    await queue.drainAcks();
    queue.boardIdle();
    await board.waitIdle(false);
    return { reason, steps: reading.steps, penUp: reading.penUp, block };
  };

  for (let i = 0; i * BLOCK_STRIDE < plan.length; i++) {
    at = i;
    if (gate.stopNow) return stopHere();
    const o = i * BLOCK_STRIDE;
    const kind = plan[o] as number;
    const [x0, y0, x1, y1, v0, v1, dur] = Array.from(plan.subarray(o + 1, o + BLOCK_STRIDE)) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const progress = (down: boolean) => () =>
      cb.onProgress?.({ blockIndex: i, xMm: x1, yMm: y1, penDown: down });
    switch (kind) {
      case BlockKind.layer:
        layer = v0;
        pathIndex = 0;
        break;
      case BlockKind.pause: {
        const paused = await pauseHere('plan');
        if (paused === 'aborted') return 'aborted';
        if (paused === 'stop') return stopHere();
        break;
      }
      case BlockKind.penDown:
        for (const line of writer.penMove(false, x1, y1, dur))
          if (!(await send(line, i, progress(true)))) return stopHere();
        break;
      case BlockKind.penUp: {
        for (const line of writer.penMove(true, x1, y1, dur))
          if (!(await send(line, i, progress(false)))) return stopHere();
        pathIndex++;
        checkpoints.push({
          afterCommand: lastCommand,
          checkpoint: { layer, pathIndex, penDownDistanceMm: drawnMm, xMm: x1, yMm: y1 },
        });
        await board.pollButton();
        if (gate.request?.mode === 'end-of-path') {
          const paused = await pauseHere(gate.request.reason);
          if (paused === 'aborted') return 'aborted';
          if (paused === 'stop') return stopHere();
        }
        break;
      }
      case BlockKind.moveDown:
      case BlockKind.moveUp: {
        if (kind === BlockKind.moveDown) drawnMm += Math.hypot(x1 - x0, y1 - y0);
        for (const line of writer.move(x0, y0, x1, y1, v0, v1, dur))
          if (!(await send(line, i, progress(kind === BlockKind.moveDown)))) return stopHere();
        break;
      }
    }
  }
  // An acknowledged command may still wait in the board's queue: report the last pen-ups
  // only once the board is idle, or a power cut now would leave a checkpoint that claims
  // strokes the board never drew (and a resume would skip them).
  if (!(await board.waitIdle(true))) return stopHere();
  settled();
  return gate.aborted ? 'aborted' : 'completed';
}

/**
 * The command the carriage stopped in: among those not known to have finished, the ones
 * whose straight path (in motor steps) passes through the stop position with the same pen
 * state, and of those the one the timing model had running when the `ES` went out (the
 * same point can lie on several: a closed stroke starts and ends there). Null if none fits.
 */
function commandAt(
  unfinished: readonly QueuedCommand<CommandTag>[],
  reading: StopReading,
): QueuedCommand<CommandTag> | null {
  const t = reading.sentAtMs;
  let best: QueuedCommand<CommandTag> | null = null;
  let bestOff = Number.POSITIVE_INFINITY;
  for (const c of unfinished) {
    if (c.tag.penDown === reading.penUp) continue;
    if (stepsOffPath(reading.steps, c.tag.from, c.tag.to) > ON_PATH_STEPS) continue;
    const off = t < c.startMs ? c.startMs - t : t > c.endMs ? t - c.endMs : 0;
    // On a tie (the stop at the joint of two commands) the later one: the same point, and
    // the stroke then continues from the start of a block rather than the end of one.
    if (off <= bestOff) {
      best = c;
      bestOff = off;
    }
  }
  return best;
}

function stepsOffPath(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2));
  return Math.hypot(p[0] - (a[0] + dx * t), p[1] - (a[1] + dy * t));
}
