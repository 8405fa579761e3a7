/** One measured figure beside its target, as the benches print it. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** `>= n` or `<= n`. */
  target: string;
  ok: boolean;
}

const round = (value: number) => Math.round(value * 100) / 100;

export function atLeast(name: string, value: number, unit: string, target: number): Figure {
  return { name, value: round(value), unit, target: `>= ${target}`, ok: value >= target };
}

export function atMost(name: string, value: number, unit: string, target: number): Figure {
  return { name, value: round(value), unit, target: `<= ${target}`, ok: value <= target };
}

/** A table of figures and targets, or with `json` one JSON object per figure. */
export function printFigures(figures: Figure[], json: boolean): void {
  if (json) {
    for (const f of figures) console.log(JSON.stringify(f));
    return;
  }
  console.log('');
  console.log(`${'figure'.padEnd(16)}${'measured'.padStart(14)}  target`);
  for (const f of figures) {
    const value = `${f.value.toLocaleString('en')} `.padStart(14);
    console.log(
      `${f.name.padEnd(16)}${value} ${`${f.target} ${f.unit}`.padEnd(24)} ${f.ok ? 'ok' : 'MISSED'}`,
    );
  }
}
