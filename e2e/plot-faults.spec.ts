import { expect, type Page, test } from '@playwright/test';
import { admin, type Device, openDevice, signIn } from './devices.ts';
import { fakeSerialScript } from './fake-serial/fake-serial-script.ts';
import { openPlotConsole, passPreflight } from './plot-job.ts';

// A USB plotter that goes wrong mid-plot: a fake `navigator.serial`, injected before the
// app loads, plays an EBB 2.8.1 that answers every command at once and, a few moves after
// the second pen-up, sends bytes that are no EBB reply instead of an OK. The console must
// say so, resynchronise and lift the pen, and the job must carry the fault in its history.
// Then a pulled USB cable on the emulated EBB of fake-serial-device.ts: the job pauses, the
// console lets the board go, and once it is plugged in and connected the resume continues
// from where the board stopped.

/** Runs in the page before the app: a scripted EiBotBoard behind a Web Serial port. */
function fakeSerial(): void {
  const encode = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  const board = { log: [] as string[], penUps: 0, movesAfter: 0, faulted: false };
  (window as unknown as { fakePlotter: typeof board }).fakePlotter = board;
  let penUp = true;
  let input = '';
  let out: ReadableStreamDefaultController<Uint8Array> | null = null;
  const answer = (command: string): string => {
    board.log.push(command);
    const [name = '', first] = command.toUpperCase().split(',');
    switch (name) {
      case 'V':
        return 'EBBv13_and_above EB Firmware Version 2.8.1\r\n';
      case 'QG':
        return `${penUp ? '10' : '00'}\r\n`; // idle, no button
      case 'QP':
        return `${penUp ? 1 : 0}\n\rOK\r\n`;
      case 'QS':
        return '0,0\n\rOK\r\n';
      case 'QE':
        return '16,16\r\nOK\r\n';
      case 'QM':
        return 'QM,0,0,0,0\n\r';
      case 'ES':
        return '0,0,0,0,0\n\rOK\r\n';
      case 'SP':
        penUp = first === '1';
        if (penUp) board.penUps++;
        return 'OK\r\n';
      case 'LM':
      case 'SM':
      case 'HM':
        if (board.penUps >= 2 && !board.faulted && ++board.movesAfter === 5) {
          board.faulted = true;
          return '\xfe\x13Z\x80\r\n';
        }
        return 'OK\r\n';
      default:
        return 'OK\r\n';
    }
  };
  const port = {
    readable: null as ReadableStream<Uint8Array> | null,
    writable: null as WritableStream<Uint8Array> | null,
    async open() {
      port.readable = new ReadableStream<Uint8Array>({
        start(controller) {
          out = controller;
        },
      });
      port.writable = new WritableStream<Uint8Array>({
        write(chunk) {
          input += String.fromCharCode(...chunk);
          for (let cr = input.indexOf('\r'); cr >= 0; cr = input.indexOf('\r')) {
            const command = input.slice(0, cr);
            input = input.slice(cr + 1);
            const reply = answer(command);
            // The board answers a moment later, as over USB.
            setTimeout(() => out?.enqueue(encode(reply)), 1);
          }
        },
      });
    },
    async close() {
      out = null;
    },
    getInfo: () => ({ usbVendorId: 0x04d8, usbProductId: 0xfd92 }),
  };
  let granted = false;
  Object.defineProperty(navigator, 'serial', {
    configurable: true,
    value: {
      requestPort: async () => {
        granted = true;
        return port;
      },
      getPorts: async () => (granted ? [port] : []),
    },
  });
}

// One layer of a few strokes: no pen swap before the fault.
const strokes = [
  '10,10 60,10 60,40 10,40 10,10',
  '80,10 95,33 101,12 120,30',
  '30,70 90,70 90,110',
  '120,20 150,60 120,100',
  '40,130 160,130 160,140',
];
const svg = (stamp: string) =>
  [
    '<svg xmlns="http://www.w3.org/2000/svg" width="200mm" height="150mm" viewBox="0 0 200 150">',
    ...strokes.map((p) => `  <polyline points="${p}" fill="none" stroke="black"/>`),
    `  <!-- plot faults e2e ${stamp} -->`,
    '</svg>',
  ].join('\n');

let a: Device;
test.beforeAll(async () => {
  a = await openDevice();
  await a.context.addInitScript(fakeSerial);
  await signIn(a.page, admin(), 'plot desk');
});
test.afterAll(async () => {
  await a?.close();
});

test('a USB plotter that answers garbage mid-plot: the console says so, the pen is lifted, the job is paused with the fault', async () => {
  test.setTimeout(180_000);
  const { page } = a;
  await openPlotConsole(page, 'Fault rehearsal', {
    name: 'faulty-plot.svg',
    svg: svg(String(Date.now())),
  });

  // The injected port, through the real Web Serial path of the console.
  await page.getByRole('button', { name: 'Connect USB plotter' }).click();
  await expect(page.getByTestId('plot-connection')).toHaveText('AxiDraw on USB (firmware 2.8.1)');
  await passPreflight(page);
  await page.getByRole('button', { name: 'Arm plotter' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('ARMED');
  await page.getByRole('button', { name: 'Start plot' }).click();

  // The fault: a clear message naming what came instead of the OK.
  const alert = page.getByRole('alert').filter({ hasText: 'The plot stopped:' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText(
    /the plotter sent something that is not an EBB reply \(expected OK to '[A-Z]{2},[^']*', got '\\xfe\\x13Z\\x80'\)\./,
  );
  await expect(alert).toContainText('The job is paused: resume it from the last pen-up.');
  await expect(page.getByTestId('plot-phase')).toHaveText(
    'The plotter stopped the plot. The job is paused.',
  );
  await expect(page.getByTestId('job-state')).toHaveText('PAUSED');
  // Nothing lost: the last checkpoint is kept and offered.
  await expect(
    page.getByRole('button', { name: /^Resume from the last pen-up \(layer 1, path [1-9]\d*\)$/ }),
  ).toBeEnabled();

  // The driver resynchronised (V) and lifted the pen after stopping the board (ES).
  const log = await page.evaluate(
    () => (window as unknown as { fakePlotter: { log: string[] } }).fakePlotter.log,
  );
  const v = log.lastIndexOf('V');
  expect(v).toBeGreaterThan(0);
  expect(log.slice(v + 1, v + 3)).toEqual(['ES', expect.stringMatching(/^SP,1,\d+$/)]);

  // The figures of the part plotted are kept, and the history says what went wrong.
  await expect(page.getByTestId('plot-stats-actual')).toContainText(
    'Plot — stopped by a plotter fault (paused)',
  );
  await page.getByRole('link', { name: 'Back to the job' }).click();
  const history = page.getByTestId('timeline');
  await expect(history).toContainText('started the plot');
  await expect(history).toContainText(
    /paused the plot after a plotter fault: the plotter sent something that is not an EBB reply \(expected OK to '[A-Z]{2},[^']*', got '\\xfe\\x13Z\\x80'\)/,
  );
});

/** The emulated USB AxiDraw of fake-serial-device.ts, as the page sees it. */
interface FakeBoard {
  drawn(): number[][];
  steps(): number[];
  penUp(): boolean;
  pullCable(): void;
  plugIn(): void;
}
/** The fake board of `page` (fake-serial-device.ts's `window.fakeSerial`). */
const fakeBoard = (page: Page) => {
  type Window = { fakeSerial: FakeBoard };
  return {
    drawn: () => page.evaluate(() => (window as unknown as Window).fakeSerial.drawn()),
    steps: () => page.evaluate(() => (window as unknown as Window).fakeSerial.steps()),
    penUp: () => page.evaluate(() => (window as unknown as Window).fakeSerial.penUp()),
    pullCable: () => page.evaluate(() => (window as unknown as Window).fakeSerial.pullCable()),
    plugIn: () => page.evaluate(() => (window as unknown as Window).fakeSerial.plugIn()),
  };
};

/** Ten strokes of 60 mm that neither cross nor touch. */
const lines = Array.from({ length: 10 }, (_, k) => `50,${10 + 12 * k} 110,${10 + 12 * k}`);
const linesSvg = (stamp: string) =>
  [
    '<svg xmlns="http://www.w3.org/2000/svg" width="200mm" height="150mm" viewBox="0 0 200 150">',
    ...lines.map((p) => `  <polyline points="${p}" fill="none" stroke="black"/>`),
    `  <!-- plot faults pulled cable e2e ${stamp} -->`,
    '</svg>',
  ].join('\n');

test('a USB cable pulled mid-plot: the job pauses, Connect is offered; plugged in again, the resume continues where the board stopped and draws every stroke once', async () => {
  test.setTimeout(240_000);
  const device = await openDevice();
  try {
    // The emulated EBB 3.0.3 (32 moves queued): after the pull it runs on through what it
    // had queued, as a board that kept power does. In real time: the driver paces its sends
    // by the board's clock, and a board faster than that (the fake's speed-up) is kept so
    // short of queued moves that no pen-up is known to have run, so no checkpoint, until
    // it is idle.
    await device.context.addInitScript({
      content: await fakeSerialScript({ firmware: '3.0.3', speedUp: 1 }),
    });
    const { page } = device;
    await signIn(page, admin(), 'cable desk');
    await openPlotConsole(page, 'Cable rehearsal', {
      name: 'pulled-cable.svg',
      svg: linesSvg(String(Date.now())),
    });

    await page.getByRole('button', { name: 'Connect USB plotter' }).click();
    const connection = page.getByTestId('plot-connection');
    await expect(connection).toHaveText('AxiDraw on USB (firmware 3.0.3)');
    await passPreflight(page);
    await page.getByRole('button', { name: 'Arm plotter' }).click();
    await expect(page.getByTestId('job-state')).toHaveText('ARMED');
    await page.getByRole('button', { name: 'Start plot' }).click();

    // Once the sixth stroke is under way (the first ones checkpointed by then), the cable
    // comes out. Strokes are told apart by their height (the plan scales the drawing to the
    // paper).
    const board = fakeBoard(page);
    const strokesBegun = (segments: number[][]) =>
      new Set(segments.map(([, y0 = 0]) => y0.toFixed(1))).size;
    await expect
      .poll(async () => strokesBegun(await board.drawn()), { timeout: 60_000 })
      .toBeGreaterThanOrEqual(6);
    await board.pullCable();

    const alert = page.getByRole('alert').filter({ hasText: 'The plot stopped:' });
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('job-state')).toHaveText('PAUSED');
    await expect(alert).toContainText(
      /^The plot stopped: the plotter is no longer connected \(.*\)\. Check its USB cable and power, then connect it again\. The job is paused: resume it from the last pen-up\.$/,
    );
    // The lost board is let go: Connect is offered, the resume waits for it.
    await expect(connection).toHaveText('Not connected.');
    const resume = page.getByRole('button', {
      name: /^Resume from the last pen-up \(layer 1, path [1-9]\d*\)$/,
    });
    await expect(resume).toBeDisabled();
    await expect(
      page.getByText('Connect the plotter (or the virtual one) to resume.'),
    ).toBeVisible();

    // The cable goes back in; the board kept power (and ran what it had queued).
    await board.plugIn();
    await page.getByRole('button', { name: /^(Re)?[Cc]onnect USB plotter$/ }).click();
    await expect(connection).toHaveText('AxiDraw on USB (firmware 3.0.3)');
    await resume.click();
    // From the board's own counters: no "move the carriage home" prompt, the plot completes.
    await expect(page.getByTestId('plot-phase')).toHaveText('Plot complete.', { timeout: 90_000 });
    await expect(page.getByTestId('confirm-home')).toHaveCount(0);
    await expect(page.getByTestId('job-state')).toHaveText('COMPLETED');

    // Every stroke drawn exactly once: the ten lines (scaled to the paper alike) each drawn
    // to the same length, a redrawn or a missing stretch would stand out.
    const drawn = await board.drawn();
    const perLine = new Map<string, number>();
    for (const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] of drawn) {
      const key = Math.abs(y1 - y0) < 0.05 ? `y${y0.toFixed(1)}` : `x${x0.toFixed(1)}`;
      perLine.set(key, (perLine.get(key) ?? 0) + Math.hypot(x1 - x0, y1 - y0));
    }
    const lengths = [...perLine.values()];
    test.info().annotations.push({ type: 'measured', description: JSON.stringify([...perLine]) });
    expect(perLine.size).toBe(10);
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThan(0.05);
    expect(Math.min(...lengths)).toBeGreaterThan(59);
    expect(await board.steps()).toEqual([0, 0]);
    expect(await board.penUp()).toBe(true);
  } finally {
    await device.close();
  }
});
