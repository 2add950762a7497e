import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryQueueStore } from './queue-store.ts';
import { createSenderElection, type SenderElection } from './sender-election.ts';

/** The browser's Web Locks, as far as an election uses them: one exclusive lock, granted in turn. */
function webLocks() {
  let held = false;
  const line: (() => void)[] = [];
  const request = (_name: string, callback: () => unknown) =>
    new Promise((resolve, reject) => {
      const grant = () => {
        held = true;
        Promise.resolve(callback())
          .then(resolve, reject)
          .finally(() => {
            held = false;
            line.shift()?.();
          });
      };
      if (!held) return grant();
      line.push(grant);
    });
  return { request } as unknown as LockManager;
}

// A deadline only a failing test reaches (the mechanism here is a few promise turns).
const until = async (check: () => boolean) => {
  for (const start = Date.now(); !check(); await new Promise((r) => setTimeout(r, 1))) if (Date.now() - start > 5000) throw new Error('timed out waiting');
};

const tabs: SenderElection[] = [];
afterEach(() => {
  for (const tab of tabs.splice(0)) tab.resign();
  vi.useRealTimers();
});

describe('createSenderElection', () => {
  it('with Web Locks: one sender at a time; when it resigns the next tab in line takes over, and one that resigned while waiting never sends', async () => {
    const locks = webLocks();
    const elected: string[] = [];
    const tab = (name: string) => {
      const election = createSenderElection({ lockName: 'store.outbox.sender', locks, lease: async () => false, leaseMs: 1000, onElected: () => elected.push(name) });
      tabs.push(election);
      return election;
    };
    const [a, b, c] = [tab('a'), tab('b'), tab('c')];
    a.stand();
    b.stand();
    c.stand();
    a.stand(); // standing already: no second request
    await until(() => a.sender);
    expect([b.sender, c.sender]).toEqual([false, false]);

    b.resign(); // its page went while it waited
    a.resign();
    await until(() => c.sender);
    expect(a.sender).toBe(false);
    // A page back from the back/forward cache stands again, behind the sender.
    a.stand();
    await new Promise((r) => setTimeout(r, 10));
    expect(a.sender).toBe(false);
    c.resign();
    await until(() => a.sender);
    expect(elected).toEqual(['a', 'c', 'a']);
    expect(b.sender).toBe(false);
  });

  it('without Web Locks: a lease in the queue; a sender that resigns hands over at the next renewal, one that dies once its lease lapses', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const queue = createMemoryQueueStore();
    const leaseMs = 3000;
    const dead = new Set<string>();
    const elected: string[] = [];
    const tab = (name: string) => {
      // A dead tab's page is gone: it never renews again (nor gives up its lease).
      const lease = (ms: number) => (dead.has(name) ? new Promise<boolean>(() => {}) : queue.lease(name, Date.now(), ms));
      const election = createSenderElection({ lockName: 'store.outbox.sender', locks: undefined, lease, leaseMs, onElected: () => elected.push(name) });
      tabs.push(election);
      return election;
    };
    const [a, b, c] = [tab('a'), tab('b'), tab('c')];
    a.stand();
    await vi.advanceTimersByTimeAsync(0);
    b.stand();
    c.stand();
    await vi.advanceTimersByTimeAsync(leaseMs);
    expect([a.sender, b.sender, c.sender]).toEqual([true, false, false]);

    // Resigning gives the lease up at once: the next tab to renew takes it.
    a.resign();
    await vi.advanceTimersByTimeAsync(leaseMs / 3);
    const next = [b, c].find((t) => t.sender)!;
    expect(next).toBeDefined();
    expect([a, b, c].filter((t) => t.sender)).toHaveLength(1);

    // The sender dies: nobody takes over before its lease lapses, someone does after.
    dead.add(elected.at(-1)!);
    await vi.advanceTimersByTimeAsync(leaseMs - leaseMs / 3 - 1);
    expect(elected).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(leaseMs);
    expect(elected).toHaveLength(3);
    const survivor = [b, c].find((t) => t !== next)!;
    expect(survivor.sender).toBe(true);
    expect(elected).toEqual(['a', elected[1], elected[2]]);
  });
});
