import { warn } from './warn.ts';

/** A queued call: `['track', {...}]`, `['identify', {...}]`, `['consent', 'granted']`, or a function given the SDK. */
export type Command<Api> = [string, ...unknown[]] | ((shopscene: Api) => unknown);

/** What the queue's commands call: the script tag's API, as far as they need it. */
export interface CommandTarget {
  track(event: unknown): unknown;
  identify(traits: unknown): unknown;
  setConsent(consent: 'granted' | 'denied' | 'pending'): unknown;
  forget(): unknown;
  flush(): unknown;
  setServerTimeOffset(ms: number): void;
  onCoupon?: unknown;
  onGroup?: unknown;
  onDeliveryFailure?: unknown;
}

/**
 * Runs the page's queued commands (`window.shopscene = [...]` before the loader, `shopscene.push(...)`
 * after): a name and its arguments, or a function given the API. Never throws: what it cannot run, or
 * what fails, is one console warning, and the next command runs all the same.
 */
export function createCommandRunner<Api extends CommandTarget>(api: Api): (command: Command<Api>) => void {
  const commands: Record<string, (...args: unknown[]) => unknown> = {
    track: (e) => api.track(e),
    identify: (t) => api.identify(t),
    consent: (c) => api.setConsent(c as 'granted'),
    forget: () => api.forget(),
    flush: () => api.flush(),
    serverTime: (ms) => api.setServerTimeOffset(Number(ms) - Date.now()),
  };
  // ['onCoupon', (coupon) => true]: the host grants coupons claimed on a festival floor; ['onGroup', fn]:
  // it lets the shopper start or join a group; ['onDeliveryFailure', fn]: it hears of events the backend
  // refused or the full queue shed.
  for (const name of ['onCoupon', 'onGroup', 'onDeliveryFailure'] as const) commands[name] = (fn) => void (api[name] = fn as Api[typeof name]);
  return (command) => {
    try {
      if (typeof command === 'function') return void Promise.resolve(command(api)).catch((e) => warn(`a queued function failed: ${e}`));
      if (!Array.isArray(command)) return warn('ignored a queued command that is not an array');
      const [name, ...args] = command;
      const call = typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
      if (!call) return warn(`unknown command "${String(name)}" in the queue; known: ${Object.keys(commands).join(', ')}`);
      void Promise.resolve(call(...args)).catch((e) => warn(`${name} failed: ${e}`));
    } catch (error) {
      warn(`a queued command failed: ${error}`);
    }
  };
}
