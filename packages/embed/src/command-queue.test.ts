import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCommandRunner, type CommandTarget } from './command-queue.ts';

function api() {
  const calls: unknown[][] = [];
  const target: CommandTarget = {
    track: (e) => calls.push(['track', e]),
    identify: (t) => calls.push(['identify', t]),
    setConsent: (c) => calls.push(['consent', c]),
    forget: () => calls.push(['forget']),
    flush: () => Promise.reject(new Error('disk full')),
    setServerTimeOffset: (ms) => calls.push(['offset', ms]),
  };
  return { target, calls };
}
const warnings = () => vi.mocked(console.warn).mock.calls.map((c) => String(c[0]));
const settled = () => new Promise((r) => setTimeout(r, 0));
afterEach(() => vi.restoreAllMocks());

describe('createCommandRunner', () => {
  it('runs each queued command by name, and sets the host’s handlers', () => {
    const { target, calls } = api();
    const run = createCommandRunner(target);
    run(['track', { name: 'page_view' }]);
    run(['identify', { age_band: '25-34' }]);
    run(['consent', 'granted']);
    run(['forget']);
    const handler = () => true;
    run(['onCoupon', handler]);
    run(['onGroup', handler]);
    run(['onDeliveryFailure', handler]);
    expect(calls).toEqual([['track', { name: 'page_view' }], ['identify', { age_band: '25-34' }], ['consent', 'granted'], ['forget']]);
    expect([target.onCoupon, target.onGroup, target.onDeliveryFailure]).toEqual([handler, handler, handler]);
  });

  it('gives a queued function the API', async () => {
    const { target } = api();
    const seen: unknown[] = [];
    createCommandRunner(target)((shopscene) => seen.push(shopscene));
    expect(seen).toEqual([target]);
  });

  it('warns, never throws, for what it cannot run or what fails; the next command still runs', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { target, calls } = api();
    const run = createCommandRunner(target);
    run(['trak', {}]);
    run('track' as never);
    run(['flush']);
    run(() => {
      throw new Error('host bug');
    });
    run(() => Promise.reject(new Error('later bug')));
    run(['track', { name: 'search' }]);
    await settled();
    expect(calls).toEqual([['track', { name: 'search' }]]);
    const said = warnings().join('\n');
    expect(said).toMatch(/unknown command "trak" in the queue; known: track, identify, consent, forget, flush, serverTime, onCoupon/);
    expect(said).toContain('not an array');
    expect(said).toContain('flush failed: Error: disk full');
    expect(said).toContain('host bug');
    expect(said).toContain('later bug');
  });
});
