import type {
  PackedDrawing,
  SvgCheckSummary,
  SvgWorkerRequest,
  SvgWorkerResponse,
} from './svg-worker-protocol.ts';

/** Starts a fresh SVG worker (main.tsx gives the Vite worker URL). */
export type StartSvgWorker = () => Worker;

/** Why the worker could not answer: the file's problem, in words for the lab. */
export class SvgCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SvgCheckError';
  }
}

/**
 * One request to a worker of its own, ended after the answer: picks are rare and files
 * are checked in parallel, and a worker stuck on a hostile file is simply terminated.
 */
function ask(start: StartSvgWorker, request: SvgWorkerRequest, timeoutMs: number) {
  return new Promise<SvgWorkerResponse>((resolve, reject) => {
    const worker = start();
    const timer = setTimeout(() => {
      worker.terminate();
      reject(
        new SvgCheckError(`${request.name} took too long to read (over ${timeoutMs / 1000} s).`),
      );
    }, timeoutMs);
    worker.onmessage = (e: MessageEvent<SvgWorkerResponse>) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      clearTimeout(timer);
      worker.terminate();
      reject(
        new SvgCheckError(
          `${request.name} could not be checked: ${e.message || 'the worker failed'}.`,
        ),
      );
    };
    worker.postMessage(request, [request.bytes]);
  });
}

/** Imports the file in a worker; resolves its summary or rejects with SvgCheckError. */
export async function checkSvgInWorker(
  start: StartSvgWorker,
  name: string,
  bytes: ArrayBuffer,
): Promise<SvgCheckSummary> {
  const answer = await ask(start, { kind: 'check', name, bytes }, 60_000);
  if (!answer.ok) throw new SvgCheckError(answer.message);
  if (answer.kind !== 'check') throw new Error('the SVG worker answered the wrong request');
  return answer.summary;
}

/** The drawing's strokes in mm, imported in a worker. */
export async function importSvgInWorker(
  start: StartSvgWorker,
  name: string,
  bytes: ArrayBuffer,
): Promise<PackedDrawing> {
  const answer = await ask(start, { kind: 'geometry', name, bytes }, 60_000);
  if (!answer.ok) throw new SvgCheckError(answer.message);
  if (answer.kind !== 'geometry') throw new Error('the SVG worker answered the wrong request');
  return answer.drawing;
}
