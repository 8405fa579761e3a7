import { readFileSync, writeFileSync } from 'node:fs';

// The npm registry these machines reach does not serve some platform builds (e.g.
// @biomejs/cli-android-arm64), so npm cannot record them in package-lock.json, and
// `npm ci` (npm 11) then refuses the lock as "out of sync". The packages are optional and
// for other platforms; this adds a lock entry with the platform fields only, which npm ci
// accepts and skips on this platform. Run after changing dependencies:
//   npm install <pkg> && npm run lock:complete
const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8')) as {
  packages: Record<string, Record<string, unknown>>;
};

const OS = [
  'android',
  'darwin',
  'linux',
  'win32',
  'freebsd',
  'openbsd',
  'openharmony',
  'sunos',
  'aix',
];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'wasm32'];

function platformOf(name: string): Record<string, string[]> | null {
  const base = name.split('/').at(-1) ?? name;
  const parts = base.split('-');
  const os = OS.find((o) => parts.includes(o));
  const cpu = CPU.find((c) => parts.includes(c));
  if (!os || !cpu) return null;
  const libc =
    parts.includes('musl') || parts.includes('musleabihf')
      ? 'musl'
      : parts.includes('gnu') || parts.includes('gnueabihf')
        ? 'glibc'
        : null;
  return { os: [os], cpu: [cpu], ...(libc ? { libc: [libc] } : {}) };
}

let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  const optional = (entry.optionalDependencies ?? {}) as Record<string, string>;
  for (const [dep, spec] of Object.entries(optional)) {
    const nested = `${key}/node_modules/${dep}`;
    const top = `node_modules/${dep}`;
    if (lock.packages[nested] || lock.packages[top]) continue;
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+/.test(spec)) {
      console.warn(`left alone: ${dep}@${spec} (not a pinned platform build)`);
      continue;
    }
    lock.packages[top] = {
      version: spec,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...platform,
    };
    added++;
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform entries added`);
