// Token presence: polls USB HID devices (node-hid, optional) or a scripted source and reports when a token comes and goes.
import { createRequire } from 'node:module';
import { GatewayError } from '../gateway/core/errors.ts';

export interface HidDevice {
  vendorId: number;
  productId: number;
  serialNumber?: string | undefined;
}

export interface PresenceSource {
  devices(): Promise<HidDevice[]>;
}

export interface TokenMatch {
  vendorId: number;
  productId: number;
  serial?: string | undefined;
}

export function matches(d: HidDevice, m: TokenMatch): boolean {
  return d.vendorId === m.vendorId && d.productId === m.productId && (m.serial === undefined || (d.serialNumber ?? '').trim() === m.serial);
}

/**
 * node-hid is an optional dependency (install must not fail where it cannot build) and its prebuilt binary needs
 * libusb-1.0 at run time (ecosystem.md part 4): it is loaded on first use and failures become one clear error.
 */
export function nodeHidSource(): PresenceSource {
  let hid: { devicesAsync?: () => Promise<HidDevice[]>; devices: () => HidDevice[] } | undefined;
  const load = () => {
    if (hid) return hid;
    try {
      hid = createRequire(import.meta.url)('node-hid') as typeof hid;
      return hid!;
    } catch (e) {
      const msg = (e as Error).message;
      const hint = /libusb/.test(msg) ? ' (install the libusb-1.0-0 package)' : / Cannot find module/.test(msg) ? ' (the optional node-hid package is not installed)' : '';
      throw new GatewayError('SIGN_PROVIDER_UNAVAILABLE', `USB token presence cannot be read: ${msg}${hint}`);
    }
  };
  return {
    async devices() {
      const h = load();
      try {
        return h.devicesAsync ? await h.devicesAsync() : h.devices();
      } catch (e) {
        throw new GatewayError('SIGN_PROVIDER_UNAVAILABLE', `USB token presence cannot be read: ${(e as Error).message}`);
      }
    },
  };
}

/** A presence source the tests (and demos) drive by hand: plug() and unplug() a device. */
export function scriptedPresenceSource(initial: HidDevice[] = []): PresenceSource & { plug(d: HidDevice): void; unplug(d: TokenMatch): void } {
  let list = [...initial];
  return {
    async devices() {
      return [...list];
    },
    plug(d) {
      list.push(d);
    },
    unplug(m) {
      list = list.filter((d) => !matches(d, m));
    },
  };
}

export interface PresenceWatcher {
  readonly present: boolean;
  /** Last error reading the source (e.g. libusb missing), null when reads work. */
  readonly error: string | null;
  /** Reads once now (also what the poll does). */
  check(): Promise<boolean>;
  stop(): void;
}

/** Polls the source every pollMs; onChange fires on each transition (and once with the first reading). */
export function watchPresence(opts: { source: PresenceSource; match: TokenMatch; pollMs: number; onChange(present: boolean): void }): PresenceWatcher {
  let present = false;
  let first = true;
  let error: string | null = null;
  let stopped = false;
  let running: Promise<boolean> | null = null;
  const check = (): Promise<boolean> => {
    running ??= (async () => {
      let now: boolean;
      try {
        now = (await opts.source.devices()).some((d) => matches(d, opts.match));
        error = null;
      } catch (e) {
        // Unknown presence counts as absent: jobs wait rather than fail against a token we cannot see.
        now = false;
        error = (e as Error).message;
      }
      if (!stopped && (first || now !== present)) {
        first = false;
        present = now;
        opts.onChange(now);
      }
      return now;
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => void check(), opts.pollMs);
  timer.unref();
  void check();
  return {
    get present() {
      return present;
    },
    get error() {
      return error;
    },
    check,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
