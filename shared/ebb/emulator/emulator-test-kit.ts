import { EbbAscii } from '../ebb-ascii.ts';
import { EbbEmulator, type EbbEmulatorOptions } from './ebb-emulator.ts';
import type { FirmwareString } from './firmware-profile.ts';

/**
 * Test helper shared by the emulator's tests: an emulator spoken to in text, with its reply
 * stream captured as text (`take` returns what arrived since the last call), and when each
 * chunk arrived on the emulator's clock.
 */
export function board(firmware: FirmwareString = '2.8.1', options: EbbEmulatorOptions = {}) {
  const emu = new EbbEmulator(firmware, options);
  let out = '';
  const arrivals: { atMs: number; text: string }[] = [];
  emu.attach(
    (bytes) => {
      const text = EbbAscii.decode(bytes);
      out += text;
      arrivals.push({ atMs: emu.nowMs, text });
    },
    () => {},
  );
  const send = (text: string) => emu.receive(EbbAscii.encode(text));
  const take = () => {
    const t = out;
    out = '';
    return t;
  };
  return { emu, send, take, arrivals };
}
