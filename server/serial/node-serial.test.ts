import { readFileSync } from 'node:fs';
import { setImmediate } from 'node:timers/promises';
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { EbbDriver } from '../../shared/ebb/driver/ebb-driver.ts';
import { EbbEmulator } from '../../shared/ebb/emulator/ebb-emulator.ts';
import type { EmulatedFirmware } from '../../shared/ebb/emulator/firmware-profile.ts';
import { VirtualTimer } from '../../shared/ebb/emulator/virtual-timer.ts';
import { axidrawProfile } from '../../shared/plan/axidraw-models.ts';
import { BLOCK_STRIDE, BlockKind } from '../../shared/plan/motion-block.ts';
import { planMotion } from '../../shared/plan/plan-motion.ts';
import { compareDrawn } from '../../shared/plot/compare-drawn.ts';
import { testLayer } from '../../shared/plot/plot-test-kit.ts';
import { importSvg } from '../../shared/svg/import-svg.ts';
import { createNodeSerial, type SerialBackend } from './node-serial.ts';

const corpus = new URL('../../../shared/corpus/svg/', import.meta.url);
// Node streams and the mock binding hop through nextTick/setImmediate a few times per reply.
const flush = async () => {
  for (let i = 0; i < 8; i++) await setImmediate();
};
const AXIDRAW = { usbVendorId: 0x04d8, usbProductId: 0xfd92 };

/**
 * serialport's mock binding with an EBB emulator behind it: bytes the driver writes reach
 * the emulator, the emulator's replies come back through `emitData`, and a pulled cable
 * closes the port.
 */
function mockPlotter(emu: EbbEmulator): SerialBackend {
  SerialPortMock.binding.reset();
  SerialPortMock.binding.createPort('/dev/ttyS0', { record: true });
  SerialPortMock.binding.createPort('/dev/ttyACM0', {
    record: true,
    manufacturer: 'SchmalzHaus LLC',
    vendorId: '04d8',
    productId: 'fd92',
  });
  return {
    list: () => SerialPortMock.list(),
    connect: (path, baudRate) => {
      const stream = new SerialPortMock({ path, baudRate, autoOpen: false });
      const open = stream.open.bind(stream);
      stream.open = (callback) =>
        open((error) => {
          const binding = stream.port;
          if (!error && binding) {
            const write = binding.write.bind(binding);
            binding.write = async (buffer: Buffer) => {
              await write(buffer);
              emu.receive(new Uint8Array(buffer));
            };
            emu.attach(
              (bytes) => binding.emitData(Buffer.from(bytes)),
              () => stream.close(),
            );
          }
          callback?.(error);
        });
      return stream;
    },
  };
}

afterEach(() => SerialPortMock.binding.reset());

describe('Node Web Serial on serialport', () => {
  it('lists ports and picks the AxiDraw by USB ids, or refuses when none matches', async () => {
    const serial = createNodeSerial(mockPlotter(new EbbEmulator('3.0.3')));
    expect((await serial.getPorts()).map((p) => p.info.path).sort()).toEqual([
      '/dev/ttyACM0',
      '/dev/ttyS0',
    ]);
    const port = await serial.requestPort({ filters: [AXIDRAW] });
    expect(port.info.path).toBe('/dev/ttyACM0');
    expect(port.getInfo()).toEqual(AXIDRAW);
    expect(port.readable).toBeNull();
    await expect(serial.requestPort({ filters: [{ usbVendorId: 0x2341 }] })).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(serial.requestPort({ path: '/dev/ttyUSB9' })).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  describe.each([
    ['2.8.1', 1],
    ['3.0.3', 32],
  ] as const)('the driver contract through the mock binding, firmware %s', (firmware, depth) => {
    const setUp = async (fw: EmulatedFirmware) => {
      const emu = new EbbEmulator(fw);
      const timer = new VirtualTimer(emu);
      const port = await createNodeSerial(mockPlotter(emu)).requestPort({ filters: [AXIDRAW] });
      const driver = await timer.run(EbbDriver.open(port, { timer }), flush);
      return { emu, timer, driver, port };
    };

    it('identifies the board and plots a corpus drawing as planned, on time', async () => {
      const { emu, timer, driver } = await setUp(firmware);
      expect(driver.firmware).toMatchObject({ major: Number(firmware[0]) });
      const drawing = importSvg(readFileSync(new URL('misc__few_beziers.svg', corpus), 'utf8'), {
        toleranceMm: 0.05,
      });
      const plan = planMotion(drawing.layers, axidrawProfile('axidraw-v3'), {
        pauseOnPenChange: false,
      });
      const result = await timer.run(driver.plot(plan.blocks), flush);
      expect(result.completed).toBe(true);
      expect(driver.queueDepth).toBe(depth);
      expect(driver.maxUnacked).toBeLessThanOrEqual(depth + 1);
      expect(emu.errorReplies).toEqual([]);
      expect(emu.underruns).toBe(0);
      expect(emu.positionSteps).toEqual([0, 0]);
      expect(emu.penUp).toBe(true);
      const report = compareDrawn(plan.blocks, emu.drawn);
      expect(report).toMatchObject({ missingMm: 0, retracedMm: 0, strayLines: 0 });
      let downs = 0;
      for (let o = 0; o < plan.blocks.length; o += BLOCK_STRIDE)
        if (plan.blocks[o] === BlockKind.moveDown) downs++;
      expect(emu.drawn.length).toBe(downs);
      const plannedMs = plan.durationS * 1000;
      expect(Math.abs((emu.idleSinceMs ?? 0) - plannedMs) / plannedMs).toBeLessThan(0.005);
      await driver.close();
    }, 60_000);

    it('reports a pulled cable as disconnected', async () => {
      const { emu, timer, driver } = await setUp(firmware);
      const plan = planMotion(
        [testLayer([[10, 10, 200, 10, 200, 150]])],
        axidrawProfile('axidraw-v3'),
      );
      timer.setTimeout(() => emu.disconnect(), 1500);
      await expect(timer.run(driver.plot(plan.blocks), flush)).rejects.toMatchObject({
        code: 'disconnected',
      });
    });
  });
});
