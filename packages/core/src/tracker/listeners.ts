import * as messages from '../messages.ts';
import { warnOnce } from '../util/warn.ts';

/**
 * Who hears each recorded event: `on(listener)` adds one (and returns what removes it), `emit(event)`
 * calls each; a listener that throws is reported once and the others still hear.
 */
export function createListeners<T>(): readonly [on: (listener: (value: T) => void) => () => void, emit: (value: T) => void] {
  const listeners = new Set<(value: T) => void>();
  const on = (listener: (value: T) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const emit = (value: T) => {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (error) {
        warnOnce(messages.callbackFailed('an event listener', String(error)));
      }
    }
  };
  return [on, emit];
}
