import { EbbAscii } from '../ebb-ascii.ts';

/**
 * What a misbehaving board or cable does to the serial line, injected into an
 * `EbbEmulator` (its `faults`) by tests, the CLI and the e2e fake port:
 * - `sendGarbage`: bytes that are no EBB reply, now (line noise, a clone board's chatter).
 * - `replaceNextReply`: the next reply (to one command, or to any) is other text; the
 *   command itself still runs (a wrong answer to a query, a corrupted OK).
 * - `rejectNext`: the next such command fails with an error line instead of running.
 * - `delayReplies`: everything the board sends reaches the host that much later (a slow
 *   hub, a busy host). Order is kept: lowering the delay never lets a reply overtake one
 *   already on its way.
 * - `holdReplies` … `releaseReplies`: a hiccup: nothing reaches the host in between, then
 *   all of it at once, in order.
 * - `stall`: the firmware hangs: it parses nothing more and sends nothing; the step
 *   interrupt still runs out the motion queue (the EBB steps from an ISR).
 * A pulled cable and a power cut change the board, not the line: they are the emulator's
 * `disconnect` and `powerLoss`.
 */
export class EbbFaults {
  private delayTicks = 0;
  private holding = false;
  private stalledNow = false;
  private outbox: { dueTick: number; bytes: Uint8Array }[] = [];
  private replacements: { name: string | null; text: string }[] = [];
  private rejections: { name: string; reply: string }[] = [];
  private readonly nowTick: () => number;
  private readonly deliver: (bytes: Uint8Array) => void;

  /** `nowTick`: the board's clock in 25 kHz ticks; `deliver`: bytes onto the wire. */
  constructor(nowTick: () => number, deliver: (bytes: Uint8Array) => void) {
    this.nowTick = nowTick;
    this.deliver = deliver;
  }

  /** Send `bytes` now, as if the board had printed them (through any reply delay). */
  sendGarbage(bytes: Uint8Array | string): void {
    this.transmit(typeof bytes === 'string' ? EbbAscii.encode(bytes) : bytes);
  }

  /**
   * Answer the next `command` (any command when omitted) with `text` instead of its own
   * reply; the command still takes effect. A motion command held by back-pressure sends
   * `text` when it enters the queue, where its OK would have gone.
   */
  replaceNextReply(text: string, command?: string): void {
    this.replacements.push({ name: command?.toUpperCase() ?? null, text });
  }

  /** Make the next `command` (e.g. 'LM') fail with `reply` instead of running. */
  rejectNext(command: string, reply: string): void {
    this.rejections.push({ name: command.toUpperCase(), reply });
  }

  /** From now on, every byte the board sends arrives `ms` later (0: no delay). */
  delayReplies(ms: number): void {
    this.delayTicks = Math.max(0, Math.round(ms * 25));
  }

  get replyDelayMs(): number {
    return this.delayTicks / 25;
  }

  /** From now on nothing the board sends reaches the host, until `releaseReplies`. */
  holdReplies(): void {
    this.holding = true;
  }

  /** What was held goes out now (each no earlier than its delay allows), in order. */
  releaseReplies(): void {
    this.holding = false;
    this.flushDue();
  }

  /** The firmware hangs: no more parsing, no more replies, until `unstall` or a reboot. */
  stall(): void {
    this.stalledNow = true;
  }

  /** The hang ends: the parser goes on with what arrived meanwhile. */
  unstall(): void {
    this.stalledNow = false;
  }

  get stalled(): boolean {
    return this.stalledNow;
  }

  /** Board side: the reply replacing `name`'s own, if one was injected. */
  takeReplacement(name: string): string | null {
    const at = this.replacements.findIndex((r) => r.name === null || r.name === name);
    if (at < 0) return null;
    return (this.replacements.splice(at, 1)[0] as { text: string }).text;
  }

  /** Board side: the error line to send instead of running `name`, if one was injected. */
  takeRejection(name: string): string | null {
    const at = this.rejections.findIndex((r) => r.name === name);
    if (at < 0) return null;
    return (this.rejections.splice(at, 1)[0] as { reply: string }).reply;
  }

  /** Board side: put bytes on the wire, now or after the reply delay; dropped while stalled. */
  transmit(bytes: Uint8Array): void {
    if (this.stalledNow) return;
    if (this.delayTicks === 0 && this.outbox.length === 0 && !this.holding) {
      this.deliver(bytes);
      return;
    }
    const last = this.outbox[this.outbox.length - 1]?.dueTick ?? 0;
    this.outbox.push({ dueTick: Math.max(this.nowTick() + this.delayTicks, last), bytes });
  }

  /** Board side: deliver what is due by now. */
  flushDue(): void {
    if (this.holding) return;
    const now = this.nowTick();
    while (this.outbox[0] && this.outbox[0].dueTick <= now) {
      this.deliver((this.outbox.shift() as { bytes: Uint8Array }).bytes);
    }
  }

  /** Ticks until the next delayed bytes are due, or null if none will leave by themselves. */
  ticksToNextDelivery(): number | null {
    if (this.holding) return null;
    const next = this.outbox[0];
    return next ? Math.max(0, next.dueTick - this.nowTick()) : null;
  }

  /** The cable is gone: bytes on their way are lost. */
  dropInFlight(): void {
    this.outbox = [];
  }

  /** A reboot ends a hang; bytes on their way are lost. The reply delay is the line's. */
  reboot(): void {
    this.dropInFlight();
    this.holding = false;
    this.stalledNow = false;
  }
}
