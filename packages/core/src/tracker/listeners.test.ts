import { describe, expect, it, vi } from 'vitest';
import { createListeners } from './listeners.ts';

describe('createListeners', () => {
  it('calls each listener in the order added, until it is removed', () => {
    const [on, emit] = createListeners<number>();
    const heard: string[] = [];
    const stopA = on((n) => heard.push(`a${n}`));
    on((n) => heard.push(`b${n}`));
    emit(1);
    stopA();
    emit(2);
    expect(heard).toEqual(['a1', 'b1', 'b2']);
  });

  it('a listener that throws is reported once and the others still hear', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const [on, emit] = createListeners<number>();
      const heard: number[] = [];
      on(() => {
        throw new Error('listener 2b broke');
      });
      on((n) => heard.push(n));
      emit(1);
      emit(2);
      expect(heard).toEqual([1, 2]);
      expect(warn.mock.calls.filter(([m]) => String(m).includes('listener 2b broke'))).toHaveLength(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/^shopscene: an event listener failed: /);
    } finally {
      warn.mockRestore();
    }
  });
});
