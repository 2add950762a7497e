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
