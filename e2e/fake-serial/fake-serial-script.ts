import { join } from 'node:path';
import { build } from 'vite';

/**
 * The fake USB AxiDraw (fake-serial-device.ts) as one classic script for
 * `context.addInitScript`, configured with its firmware and speed-up.
 */
export async function fakeSerialScript(config: {
  firmware: '2.8.1' | '3.0.3';
  speedUp: number;
}): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      lib: {
        entry: join(import.meta.dirname, 'fake-serial-device.ts'),
        formats: ['iife'],
        name: 'fakeSerialDevice',
      },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const chunk = outputs
    .flatMap((o) => ('output' in o ? o.output : []))
    .find((o) => o.type === 'chunk');
  if (chunk?.type !== 'chunk') throw new Error('the fake serial device did not bundle');
  return `var FAKE_SERIAL_CONFIG = ${JSON.stringify(config)};\n${chunk.code}`;
}
