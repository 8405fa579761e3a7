import { test } from '@playwright/test';
import { type Account, admin, type Device, openDevice, signIn, staff } from './devices.ts';

interface DeviceForSpec {
  account: () => Account;
  /** The device name it signs in with. */
  name: string;
  /** Runs in each page before the app (e.g. a fake `navigator.serial`). */
  initScript?: () => void;
}

/**
 * Devices a whole spec shares: before its first test each is opened (with its init script),
 * then each signs in; after its last test each is closed. The returned objects are empty
 * until the spec's beforeAll has run and are filled in place then, so a spec can take them
 * at load (`const { a, b } = …`) and use them in its tests.
 */
function devicesForSpec(specs: DeviceForSpec[]): Device[] {
  const devices = specs.map(() => ({}) as Device);
  test.beforeAll(async () => {
    for (const [i, device] of devices.entries()) {
      Object.assign(device, await openDevice());
      const initScript = specs[i]?.initScript;
      if (initScript) await device.context.addInitScript(initScript);
    }
    for (const [i, device] of devices.entries()) {
      const spec = specs[i] as DeviceForSpec;
      await signIn(device.page, spec.account(), spec.name);
    }
  });
  test.afterAll(async () => {
    // A device the beforeAll did not get to open has nothing to close.
    for (const device of devices) await device.close?.();
  });
  return devices;
}

/** One device for the spec, signed in as the admin under `name`. */
export function adminDevice(name: string, options: { initScript?: () => void } = {}): Device {
  return devicesForSpec([{ account: admin, name, ...options }])[0] as Device;
}

/** Two devices for the spec: A signed in as the admin, B as the staff member. */
export function adminAndStaffDevices(names: { a: string; b: string }): { a: Device; b: Device } {
  const [a, b] = devicesForSpec([
    { account: admin, name: names.a },
    { account: staff, name: names.b },
  ]) as [Device, Device];
  return { a, b };
}
