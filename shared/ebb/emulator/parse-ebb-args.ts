/** Range of one numeric command parameter, as the firmware's `extract_number` checks it. */
export interface ArgSpec {
  min: number;
  max: number;
  optional?: boolean;
}

/**
 * Parse a command's comma-separated parameters the way the EBB does (UBW `extract_number`):
 * a missing required one is error 4 ("Missing parameter(s)"), a value out of range, a minus
 * sign on an unsigned one or a non-number is error 6 ("Invalid parameter value"), and extra
 * parameters are error 7, reported after the command ran and printed its OK.
 */
export function parseEbbArgs(
  params: readonly string[],
  specs: readonly ArgSpec[],
): { values: number[]; error: 4 | 6 | null; extra: boolean } {
  const values: number[] = [];
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i] as ArgSpec;
    const raw = params[i];
    if (raw === undefined || raw === '') {
      if (spec.optional) break;
      return { values, error: 4, extra: false };
    }
    if (!/^-?\d+$/.test(raw)) return { values, error: 6, extra: false };
    const value = Number(raw);
    if (value < spec.min || value > spec.max) return { values, error: 6, extra: false };
    values.push(value);
  }
  return { values, error: null, extra: params.length > specs.length };
}
