import { expect, type Page, test, type Worker } from '@playwright/test';
import { admin, openDevice, signIn } from './devices.ts';
import { fakeSerialScript } from './fake-serial/fake-serial-script.ts';
import { corpusSvg, openPlotConsole, passPreflight } from './plot-job.ts';
import { adminDevice } from './signed-in-devices.ts';

// The plotter's driver runs in a dedicated worker, not on the page's thread: a page busy for
// 2 s (a big sync, a render) no longer holds up the board. Also the fallback for a serial
// object the worker cannot reopen (here a fake USB AxiDraw injected into the page): the page
// hands the port's streams to the worker.

/** What the plotter worker reports about its driver (apps/pwa plotter-worker-host.ts). */
interface PlotterDiagnostics {
  scope: string;
  webSerial: boolean;
  board: 'none' | 'usb' | 'virtual';
  driverMs: number | null;
  commands: number | null;
  underruns: number | null;
}

const a = adminDevice('plot desk');

/** Upload a one-layer drawing, approve it and open its plot console. */
async function readyJobConsole(page: Page, name: string): Promise<void> {
  await openPlotConsole(page, name, {
    name: `${name}.svg`,
    svg: corpusSvg('misc__few_circles.svg', name),
  });
}

async function armAndStart(page: Page): Promise<void> {
  await passPreflight(page);
  await page.getByRole('button', { name: 'Arm plotter' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('ARMED');
  await page.getByRole('button', { name: 'Start plot' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('PLOTTING');
}

/** The page's plotter worker (one per connection). */
async function plotterWorker(page: Page): Promise<Worker> {
  await expect
    .poll(() => page.workers().filter((w) => w.url().includes('plotter-worker')).length)
    .toBe(1);
  const worker = page.workers().find((w) => w.url().includes('plotter-worker'));
  if (!worker) throw new Error('expected a plotter worker');
  return worker;
}

const diagnostics = (worker: Worker) =>
  worker.evaluate(() =>
    (self as unknown as { plotterDiagnostics(): PlotterDiagnostics }).plotterDiagnostics(),
  );

test('the virtual plotter keeps plotting in its worker while the page is blocked for 2 s; no underrun at queue depth 32', async () => {
  test.setTimeout(180_000);
  const { page } = a;
  await readyJobConsole(page, 'Worker rehearsal');
  await page.getByLabel('Firmware').selectOption('3.0.3');
  await page.getByLabel('Speed-up (×)').fill('2');
  await page.getByRole('button', { name: 'Connect virtual plotter' }).click();
  await expect(page.getByTestId('plot-connection')).toHaveText(
    'Virtual plotter (firmware 3.0.3, 2× speed)',
  );
  const worker = await plotterWorker(page);
  expect(await diagnostics(worker)).toMatchObject({
    scope: 'DedicatedWorkerGlobalScope',
    board: 'virtual',
  });
  await armAndStart(page);
  await expect(page.getByTestId('plot-pen')).not.toHaveAttribute('data-x-mm', '0.0');

  // Freeze the page's thread for 2 s; meanwhile look at the worker twice.
  const blocked = page.evaluate(() => {
    const startMs = Date.now();
    const t = performance.now();
    while (performance.now() - t < 2000);
    return { startMs, endMs: Date.now() };
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const during1 = { at: Date.now(), ...(await diagnostics(worker)) };
  await new Promise((resolve) => setTimeout(resolve, 1200));
  const during2 = { at: Date.now(), ...(await diagnostics(worker)) };
  const block = await blocked;
  test.info().annotations.push({
    type: 'measured',
    description: JSON.stringify({ block, during1, during2 }),
  });
  // Both looks fell inside the block…
  expect(during1.at).toBeGreaterThanOrEqual(block.startMs);
  expect(during2.at).toBeLessThanOrEqual(block.endMs);
  // …and the board went on: its clock ran at 2× and the driver kept it fed.
  expect((during2.driverMs ?? 0) - (during1.driverMs ?? 0)).toBeGreaterThan(2 * 1000 * 0.8);
  expect(during2.commands ?? 0).toBeGreaterThan(during1.commands ?? 0);
  expect(during2.underruns).toBe(0);

  await expect(page.getByTestId('plot-phase')).toHaveText('Plot complete.', { timeout: 60_000 });
  await expect(page.getByTestId('job-state')).toHaveText('COMPLETED');
  expect((await diagnostics(worker)).underruns).toBe(0);
});

test('a serial object the worker cannot reopen: the page hands the port’s streams to the worker, the plot completes', async () => {
  test.setTimeout(180_000);
  const device = await openDevice();
  try {
    await device.context.addInitScript({
      content: await fakeSerialScript({ firmware: '3.0.3', speedUp: 10 }),
    });
    const { page } = device;
    await signIn(page, admin(), 'usb desk');
    await readyJobConsole(page, 'Fake USB plot');
    await page.getByRole('button', { name: 'Connect USB plotter' }).click();
    await expect(page.getByTestId('plot-connection')).toHaveText('AxiDraw on USB (firmware 3.0.3)');
    const worker = await plotterWorker(page);
    const diag = await diagnostics(worker);
    test.info().annotations.push({ type: 'measured', description: JSON.stringify(diag) });
    expect(diag).toMatchObject({ scope: 'DedicatedWorkerGlobalScope', board: 'usb' });
    await armAndStart(page);
    await expect(page.getByTestId('plot-phase')).toHaveText('Plot complete.', { timeout: 60_000 });
    await expect(page.getByTestId('job-state')).toHaveText('COMPLETED');
    const board = await page.evaluate(() => {
      const fake = (
        window as unknown as {
          fakeSerial: { commands(): string[]; drawnCount(): number; steps(): number[] };
        }
      ).fakeSerial;
      return { commands: fake.commands(), drawn: fake.drawnCount(), steps: fake.steps() };
    });
    expect(board.commands[0]).toBe('V');
    expect(board.commands).toContain('CU,4,32');
    expect(board.drawn).toBeGreaterThan(100);
    expect(board.steps).toEqual([0, 0]);
  } finally {
    await device.close();
  }
});
