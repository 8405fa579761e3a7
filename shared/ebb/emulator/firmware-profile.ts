/**
 * What each emulated firmware version supports, from the EBB command reference
 * (ebb2.html for v1.8.0–2.8.1, ebb.html for v3): `LM` fully works from 2.7.0, `HM`/`QG` from
 * 2.6.2, `EM` goes through the motion FIFO from 2.8.0, `QU` and a FIFO deeper than one
 * (`CU,4`, up to 32) from 3.0. Replies keep the legacy (non-standardised, `CU,10,0`) format.
 */
export const EmulatedFirmware = {
  v2_5_3: '2.5.3',
  v2_8_1: '2.8.1',
  v3_0_3: '3.0.3',
} as const;
export type EmulatedFirmware = (typeof EmulatedFirmware)[keyof typeof EmulatedFirmware];

export interface FirmwareProfile {
  version: EmulatedFirmware;
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

export function firmwareProfile(version: EmulatedFirmware): FirmwareProfile {
  const v3 = version === '3.0.3';
  const atLeast281 = version !== '2.5.3';
  return {
    version,
    hasLm: atLeast281,
    hasHm: atLeast281,
    hasQg: atLeast281,
    hasQe: atLeast281,
    hasQu: v3,
    emInFifo: atLeast281,
    maxFifoDepth: v3 ? 32 : 1,
    legacyErrorSpelling: !v3,
  };
}
