import { callbackFailed, describeError } from '../messages.ts';

const warned = new Set<string>();

/** Warns on the console, at most once per distinct message, so a broken page does not flood it. */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  // A host page may have replaced console; never let that throw into our callers.
  try {
    console.warn(message);
  } catch {}
}

/** Runs `fn`, turning anything it throws into one console warning; host-facing entry points use it. */
export function guard<A extends unknown[], R>(where: string, fn: (...args: A) => R): (...args: A) => R | undefined {
  return (...args) => {
    try {
      return fn(...args);
    } catch (error) {
      warnOnce(callbackFailed(where, describeError(error)));
      return undefined;
    }
  };
}
