import { EbbAscii } from '../ebb-ascii.ts';
import type { SerialPortLike } from '../serial-port-like.ts';
import { EbbError } from './ebb-error.ts';
import { ebbReplyFormat } from './ebb-reply-format.ts';
import type { EbbTimer } from './ebb-timer.ts';
import { printableReply } from './printable-reply.ts';

/**
 * How the board answers a command (EBB ref, per command "Response"): `ok` — `OK`;
 * `line-ok` — one data line, then `OK` (QS, QP, QB, QU, ES); `line` — one line and no OK
 * (V, QG, QM).
 */
export type ReplyShape = 'ok' | 'line' | 'line-ok';

interface Pending {
  command: string;
  shape: ReplyShape;
  line: string | null;
  /** When the timeout falls due, on the link's timer. */
  deadlineMs: number;
  resolve(line: string): void;
  reject(error: EbbError): void;
  handle: unknown;
}

const VERSION_LINE = /EBB.*Firmware Version/;
/**
 * No EBB reply line comes near this long (the version banner is about 45 characters): more
 * bytes without a line end are noise, not a reply still arriving.
 */
const MAX_LINE = 120;

/**
 * Commands out, replies matched back in order. The board answers strictly in command order,
 * so each reply line belongs to the oldest unanswered command. Lines may end `\r\n` or, for
 * the legacy queries, `\n\r`: both CR and LF end a line and empty lines are dropped.
 *
 * What does not fit is a failure, never guessed around: a line where `OK` was due, a query
 * answer in the wrong format (`ebbReplyFormat`), a line when nothing was asked, a long run
 * of bytes with no line end (`garbage`); no complete reply within the timeout (`no-reply`);
 * an `!N Err:` line (`board-error`); a lost device (`disconnected`). The first failure
 * rejects everything in flight and every later send until `recover()` resynchronises on a
 * `V` reply.
 */
export class EbbLink {
  private pending: Pending[] = [];
  private failure: EbbError | null = null;
  /** When the commands in flight at the failure were due at the latest. */
  private drainByMs = 0;
  private buffer = '';
  private discardUntilVersion = false;
  private lastCommand = '';
  private reader: ReturnType<NonNullable<SerialPortLike['readable']>['getReader']> | null = null;
  private writer: ReturnType<NonNullable<SerialPortLike['writable']>['getWriter']> | null = null;

  private readonly port: SerialPortLike;
  private readonly timer: EbbTimer;
  readonly replyTimeoutMs: number;

  constructor(port: SerialPortLike, timer: EbbTimer, replyTimeoutMs: number) {
    this.port = port;
    this.timer = timer;
    this.replyTimeoutMs = replyTimeoutMs;
  }

  async open(): Promise<void> {
    try {
      await this.port.open({ baudRate: 115200 });
    } catch (e) {
      throw new EbbError('disconnected', `expected the serial port to open, got: ${describe(e)}`);
    }
    const { readable, writable } = this.port;
    if (!readable || !writable) {
      throw new EbbError('disconnected', 'expected an open port with streams, got none');
    }
    this.reader = readable.getReader();
    this.writer = writable.getWriter();
    void this.readLoop(this.reader);
  }

  /** Commands sent whose reply has not fully arrived. */
  get unacked(): number {
    return this.pending.length;
  }

  get failed(): EbbError | null {
    return this.failure;
  }

  send(
    command: string,
    shape: ReplyShape = 'ok',
    timeoutMs = this.replyTimeoutMs,
  ): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    const writer = this.writer;
    if (!writer)
      return Promise.reject(new EbbError('disconnected', 'expected an open port, got none'));
    return new Promise<string>((resolve, reject) => {
      const p: Pending = {
        command,
        shape,
        line: null,
        deadlineMs: this.timer.now() + timeoutMs,
        resolve,
        reject,
        handle: null,
      };
      p.handle = this.timer.setTimeout(() => {
        const got =
          p.line !== null
            ? `only '${printableReply(p.line)}'`
            : this.buffer !== '' && this.pending[0] === p
              ? `'${printableReply(this.buffer)}' without a line end`
              : 'nothing';
        this.fail(
          new EbbError(
            'no-reply',
            `expected ${expectation(shape)} to '${command}' within ${Math.round(timeoutMs)} ms, got ${got}`,
          ),
        );
      }, timeoutMs);
      this.pending.push(p);
      this.lastCommand = command;
      writer.write(EbbAscii.encode(`${command}\r`)).catch((e: unknown) => {
        this.fail(
          new EbbError('disconnected', `expected to write '${command}', got: ${describe(e)}`),
        );
      });
    });
  }

  /**
   * After a failure other than a lost device: drop whatever the board still sends for the old
   * commands (late OKs, error lines, the rest of the noise) until it answers a fresh `V`.
   * The board parses `V` only after the commands still ahead of it, so the wait is as long
   * as theirs was (at least the reply timeout); rejects with `no-reply` if the board stays
   * silent.
   */
  async recover(): Promise<void> {
    if (this.failure?.code === 'disconnected') throw this.failure;
    this.failure = null;
    this.buffer = '';
    this.discardUntilVersion = true;
    const waitMs = Math.max(this.replyTimeoutMs, this.drainByMs - this.timer.now());
    await this.send('V', 'line', waitMs);
  }

  async close(): Promise<void> {
    this.fail(
      new EbbError('disconnected', 'expected no further commands, the driver closed the port'),
    );
    try {
      await this.reader?.cancel();
      this.reader?.releaseLock();
      this.writer?.releaseLock();
      await this.port.close();
    } catch {
      // Closing a lost port fails too; there is nothing left to release.
    }
  }

  private async readLoop(reader: NonNullable<typeof this.reader>): Promise<void> {
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) {
          this.fail(
            new EbbError('disconnected', 'expected replies from the board, the port closed'),
          );
          return;
        }
        this.onText(EbbAscii.decode(r.value));
      }
    } catch (e) {
      this.fail(
        new EbbError(
          'disconnected',
          `expected replies from the board, the device was lost (${describe(e)})`,
        ),
      );
    }
  }

  private onText(text: string): void {
    this.buffer += text;
    for (;;) {
      const end = this.buffer.search(/[\r\n]/);
      if (end < 0) break;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      if (line !== '') this.onLine(line);
    }
    if (this.buffer.length <= MAX_LINE) return;
    const noise = this.buffer;
    this.buffer = '';
    if (this.discardUntilVersion || this.failure) return;
    const head = this.pending[0];
    const about = head
      ? `${expectation(head.shape)} to '${head.command}'`
      : `nothing after the reply to '${this.lastCommand}'`;
    this.fail(
      new EbbError(
        'garbage',
        `expected ${about}, got ${noise.length} bytes without a line end: '${printableReply(noise)}'`,
      ),
    );
  }

  private onLine(received: string): void {
    let line = received;
    if (this.discardUntilVersion) {
      // Noise still arriving may run into the banner: resynchronise on the banner itself.
      const at = line.search(VERSION_LINE);
      if (at < 0) return;
      this.discardUntilVersion = false;
      line = line.slice(at);
    }
    if (this.failure) return;
    const head = this.pending[0];
    if (line.startsWith('!')) {
      const about = head
        ? `${expectation(head.shape)} to '${head.command}'`
        : `nothing after '${this.lastCommand}'`;
      this.fail(new EbbError('board-error', `expected ${about}, the board answered '${line}'`));
      return;
    }
    if (!head) {
      // Nothing was asked: a stray line, or the answer to a command the board made up.
      this.fail(
        new EbbError(
          'garbage',
          `expected nothing after the reply to '${this.lastCommand}', got '${printableReply(line)}'`,
        ),
      );
      return;
    }
    const format = ebbReplyFormat(head.command);
    const garbage = (expected = expectation(head.shape)) =>
      this.fail(
        new EbbError(
          'garbage',
          `expected ${expected} to '${head.command}', got '${printableReply(line)}'`,
        ),
      );
    const dataLine = () => {
      if (line === 'OK') garbage();
      else if (format && !format.pattern.test(line)) garbage(format.description);
      else return true;
      return false;
    };
    if (head.shape === 'line') {
      if (dataLine()) this.settle(head, line);
    } else if (head.shape === 'ok') {
      if (line === 'OK') this.settle(head, '');
      else garbage();
    } else if (head.line === null) {
      if (dataLine()) head.line = line;
    } else if (line === 'OK') this.settle(head, head.line);
    else garbage();
  }

  private settle(p: Pending, line: string): void {
    this.pending.shift();
    this.timer.clearTimeout(p.handle);
    p.resolve(line);
  }

  private fail(error: EbbError): void {
    if (this.failure) return;
    this.failure = error;
    this.drainByMs = Math.max(0, ...this.pending.map((p) => p.deadlineMs));
    for (const p of this.pending.splice(0)) {
      this.timer.clearTimeout(p.handle);
      p.reject(error);
    }
  }
}

function expectation(shape: ReplyShape): string {
  if (shape === 'ok') return 'OK';
  if (shape === 'line') return 'a reply line';
  return 'a reply line and OK';
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
