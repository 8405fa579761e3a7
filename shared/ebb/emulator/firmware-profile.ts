/**
 * What each emulated firmware version supports, from the EBB command reference
 * (ebb2.html for v1.8.0–2.8.1, ebb.html for v3): `LM` fully works from 2.7.0, `HM`/`QG` from
 * 2.6.2, `EM` goes through the motion FIFO and `QE` exists from 2.8.0, `QU` and a FIFO
 * deeper than one (`CU,4`, up to 32) from 3.0. Replies keep the legacy (non-standardised,
 * `CU,10,0`) format. The three named versions are the ones the console and the CLI offer;
 * any other `x.y.z` works too (a board between two feature gates, or one too old to drive).
 */
export const EmulatedFirmware = {
  v2_5_3: '2.5.3',
  v2_8_1: '2.8.1',
  v3_0_3: '3.0.3',
} as const;
export type EmulatedFirmware = (typeof EmulatedFirmware)[keyof typeof EmulatedFirmware];

/** A firmware version as the emulator reports it in its `V` reply. */
export type FirmwareString = `${number}.${number}.${number}`;

export interface FirmwareProfile {
  version: FirmwareString;
  hasLm: boolean;
  hasHm: boolean;
  hasQg: boolean;
  hasQe: boolean;
  hasQu: boolean;
  emInFifo: boolean;
  maxFifoDepth: number;
  /** v2 firmware misspells its error texts ("paramter", "parmater"); v3 fixed them. */
  legacyErrorSpelling: boolean;
}

export function firmwareProfile(version: FirmwareString): FirmwareProfile {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  const atLeast = (a: number, b: number, c: number) =>
    major !== a ? major > a : minor !== b ? minor > b : patch >= c;
  const v3 = atLeast(3, 0, 0);
  return {
    version,
    hasLm: atLeast(2, 7, 0),
    hasHm: atLeast(2, 6, 2),
    hasQg: atLeast(2, 6, 2),
    hasQe: atLeast(2, 8, 0),
    hasQu: v3,
    emInFifo: atLeast(2, 8, 0),
    maxFifoDepth: v3 ? 32 : 1,
    legacyErrorSpelling: !v3,
  };
}
