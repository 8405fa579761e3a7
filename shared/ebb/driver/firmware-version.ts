/** An EBB firmware version as `V` reports it. */
export interface FirmwareVersion {
  major: number;
  minor: number;
  patch: number;
}

const VERSION_LINE = /^EBB.*Firmware Version (\d+)\.(\d+)\.(\d+)/;

/** Parse the `V` reply line, or null if it is not one. */
export function parseFirmwareVersion(line: string): FirmwareVersion | null {
  const m = VERSION_LINE.exec(line.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/** Is `v` at least `major.minor.patch`? */
export function firmwareAtLeast(
  v: FirmwareVersion,
  major: number,
  minor: number,
  patch: number,
): boolean {
  if (v.major !== major) return v.major > major;
  if (v.minor !== minor) return v.minor > minor;
  return v.patch >= patch;
}
