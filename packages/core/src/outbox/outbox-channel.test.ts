import { afterEach, describe, expect, it } from 'vitest';
import { createOutboxChannel, type OutboxChannel, type OutboxMessage } from './outbox-channel.ts';

const open: OutboxChannel[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));
const until = async (check: () => boolean) => {
  for (const start = Date.now(); !check(); await new Promise((r) => setTimeout(r, 2))) if (Date.now() - start > 5000) throw new Error('timed out waiting');
};

describe('createOutboxChannel', () => {
  it('carries what one tab says to the others of the same queue; a closed one neither hears nor speaks', async () => {
    const heard: Record<string, OutboxMessage[]> = { a: [], b: [], c: [] };
    const [a, b, c] = (['a', 'b', 'c'] as const).map((tab) => createOutboxChannel(tab === 'c' ? 'other.outbox' : 's.outbox', (m) => heard[tab]!.push(m)));
    open.push(a!, b!, c!);
    a!.post({ t: 'cleared' }); // not open yet: nothing goes
    for (const channel of [a!, b!, c!]) channel.open();
    a!.post({ t: 'added', size: 3, bytes: 120 });
    await until(() => heard.b!.length === 1);
    expect(heard.b).toEqual([{ t: 'added', size: 3, bytes: 120 }]);
    b!.close();
    a!.post({ t: 'done', keys: ['k'], size: 2 });
    b!.post({ t: 'cleared' });
    b!.open(); // back from the back/forward cache
    a!.post({ t: 'claimed', keys: ['k2'] });
    await until(() => heard.b!.length === 2);
    expect(heard.b![1]).toEqual({ t: 'claimed', keys: ['k2'] });
    expect(heard.a).toEqual([]); // a tab does not hear itself, nor b's post while closed
    expect(heard.c).toEqual([]); // another queue's tabs hear nothing
  });
});
