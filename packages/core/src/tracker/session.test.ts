import { afterEach, describe, expect, it } from 'vitest';
import { createSession, SESSION_IDLE_MS, SESSION_SAVE_MS } from './session.ts';

const KEY = 'shopscene.session';
const stored = () => JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { id: string; last: number } | null;

describe('createSession', () => {
  afterEach(() => sessionStorage.clear());

  it('keeps one id while events come, and starts a new one after 30 idle minutes', () => {
    let t = 1_000_000;
    const [next] = createSession(() => t, () => true);
    const first = next();
    t += SESSION_IDLE_MS - 1;
    expect(next()).toBe(first);
    t += SESSION_IDLE_MS + 1;
    const second = next();
    expect(second).not.toBe(first);
    expect(stored()).toEqual({ id: second, last: t });
  });

  it('carries the session to the next page of the visit, not past its idle time', () => {
    let t = 1_000_000;
    const first = createSession(() => t, () => true)[0]();
    t += 60_000;
    expect(createSession(() => t, () => true)[0]()).toBe(first);
    t += SESSION_IDLE_MS + 1;
    expect(createSession(() => t, () => true)[0]()).not.toBe(first);
  });

  it('stores the last-seen time every few seconds, not on every event of a burst', () => {
    let t = 1_000_000;
    const [next] = createSession(() => t, () => true);
    next();
    t += SESSION_SAVE_MS - 1;
    next();
    expect(stored()?.last).toBe(1_000_000);
    t += 1;
    next();
    expect(stored()?.last).toBe(t);
  });

  it('neither reads nor writes storage without consent, and only reads it in a preview', () => {
    let granted = false;
    const [next] = createSession(() => 5_000_000, () => granted);
    next();
    expect(stored()).toBeNull();
    sessionStorage.setItem(KEY, JSON.stringify({ id: 'earlier', last: 4_999_000 }));
    expect(createSession(() => 5_000_000, () => granted)[0]()).not.toBe('earlier');
    granted = true;
    const [preview] = createSession(() => 5_000_000, () => granted, true);
    expect(preview()).toBe('earlier');
    expect(stored()).toEqual({ id: 'earlier', last: 4_999_000 });
  });

  it('ignores a stored session of the wrong shape', () => {
    sessionStorage.setItem(KEY, JSON.stringify({ id: 7, last: 'now' }));
    const id = createSession(() => 5_000_000, () => true)[0]();
    expect(typeof id).toBe('string');
    expect(stored()).toEqual({ id, last: 5_000_000 });
  });

  it('end() forgets the session: a new id, stored again at the next event', () => {
    const [next, end] = createSession(() => 5_000_000, () => true);
    const first = next();
    end();
    expect(stored()).toBeNull();
    const second = next();
    expect(second).not.toBe(first);
    expect(stored()?.id).toBe(second);
  });
});
