import { expect, it } from 'vitest';
import { createSlicedWork } from './sliced-work.ts';

it('a job that throws rejects its own promise; the jobs after it still run and resolve', async () => {
  const { later } = createSlicedWork();
  const first = later(() => 1);
  const broken = later(() => {
    throw new TypeError('boom');
  });
  const after = Array.from({ length: 50 }, (_, i) => later(() => i));
  await expect(first).resolves.toBe(1);
  await expect(broken).rejects.toThrow('boom');
  await expect(Promise.all(after)).resolves.toHaveLength(50);
  // And the queue is not stuck for what comes later.
  await expect(later(() => 'still going')).resolves.toBe('still going');
});

it('drainAll() before the first slice runs everything at once, and the slice that then finds nothing throws nothing', async () => {
  const { later, drainAll } = createSlicedWork();
  const uncaught: unknown[] = [];
  const onError = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', onError);
  try {
    const done = [later(() => 'a'), later(() => 'b')];
    drainAll(); // a flush from pagehide: before the queued slice
    await expect(Promise.all(done)).resolves.toEqual(['a', 'b']);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the slice that was queued has run by now
    await expect(later(() => 'after')).resolves.toBe('after');
  } finally {
    process.off('uncaughtException', onError);
  }
  expect(uncaught).toEqual([]);
});
