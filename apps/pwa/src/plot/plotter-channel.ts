import type {
  FromWorker,
  PlotEvent,
  PlotterEndpoint,
  Reading,
  ToWorker,
} from './plotter-worker-protocol.ts';
import { fromWireError } from './plotter-wire-error.ts';

/** A started plotter worker (or its in-page stand-in): its endpoint, how to stop it. */
export interface PlotterWorkerLink {
  endpoint: PlotterEndpoint;
  terminate(): void;
  /** Called once if the worker itself fails (its script throws, it cannot load). */
  onFailure(listener: (error: Error) => void): void;
}

interface Pending {
  resolve(reply: { value: unknown; at: Reading }): void;
  reject(error: Error): void;
}

/**
 * The page's end of the plotter worker protocol: numbered calls matched with their replies,
 * plot events and status readings handed on in the order they came. If the worker fails or
 * is terminated, every call still waiting rejects and later calls reject at once.
 */
export class PlotterChannel {
  /** What the worker said when it started. */
  readonly hello: Promise<{ scope: string; serial: boolean }>;
  onEvents: (id: number, events: PlotEvent[], at: Reading) => void = () => undefined;
  onReading: (at: Reading) => void = () => undefined;
  private readonly link: PlotterWorkerLink;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;
  private helloFailed: (error: Error) => void = () => undefined;

  constructor(link: PlotterWorkerLink) {
    this.link = link;
    let greet: (hello: { scope: string; serial: boolean }) => void = () => undefined;
    this.hello = new Promise((resolve, reject) => {
      greet = resolve;
      this.helloFailed = reject;
    });
    link.endpoint.onmessage = (event) => {
      const message = event.data as FromWorker;
      switch (message.type) {
        case 'hello':
          greet({ scope: message.scope, serial: message.serial });
          return;
        case 'status':
          this.onReading(message.at);
          return;
        case 'events':
          this.onEvents(message.id, message.events, message.at);
          return;
        case 'reply': {
          const p = this.pending.get(message.id);
          this.pending.delete(message.id);
          this.onReading(message.at);
          if (!p) return;
          if (message.ok) p.resolve({ value: message.value, at: message.at });
          else p.reject(fromWireError(message.error));
        }
      }
    };
    link.onFailure((error) => this.fail(error));
  }

  /** Send a call (built with its id) and wait for its reply. */
  request(
    build: (id: number) => ToWorker,
    transfer: Transferable[] = [],
  ): Promise<{ value: unknown; at: Reading }> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.link.endpoint.postMessage(build(id), transfer);
    });
  }

  /** A message that gets no reply (pause, resume, abort, pen settings). */
  post(message: ToWorker): void {
    if (!this.failure) this.link.endpoint.postMessage(message, []);
  }

  /** Stop the worker; calls still waiting reject with `reason`. */
  terminate(reason = new Error('The plotter worker was stopped.')): void {
    this.fail(reason);
    this.link.terminate();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.helloFailed(error);
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
