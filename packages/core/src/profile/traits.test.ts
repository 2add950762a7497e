import { describe, expect, it, vi } from 'vitest';
import { createTracker } from '../tracker/create-tracker.ts';
import { parseTraits } from './traits.ts';

describe('parseTraits', () => {
  it('keeps declared and namespaced custom traits', () => {
    expect(parseTraits({ ageBand: '25-34', gender: 'female', region: 'CN-31', city: 'Shanghai', incomeBand: 'middle', lifeStage: 'new-parent', 'custom.vip': true })).toEqual({
      traits: { ageBand: '25-34', gender: 'female', region: 'CN-31', city: 'Shanghai', incomeBand: 'middle', lifeStage: 'new-parent', 'custom.vip': true },
      issues: [],
    });
  });

  it('refuses malformed and unknown traits by name, and keeps the rest', () => {
    const { traits, issues } = parseTraits({ ageBand: '30', region: 'shanghai', email: 'a@b.c', 'custom.note': { x: 1 }, lifeStage: 'family' });
    expect(traits).toEqual({ lifeStage: 'family' });
    expect(issues.map((i) => i.path)).toEqual(['ageBand', 'region', 'email', 'custom.note']);
    expect(issues[0]!.message).toMatch(/must be one of "under-18", "18-24"/);
    expect(issues[1]!.message).toMatch(/ISO 3166/);
    expect(issues[2]!.message).toMatch(/unknown trait.*"custom\.email"/);
  });
});

describe('identify()', () => {
  it('stores good traits, warns about bad ones, and never throws', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tracker = createTracker({ storage: 'memory' });
    const result = await tracker.identify({ ageBand: '25-34', phone: '555' });
    expect(result).toMatchObject({ ok: true, traits: { ageBand: '25-34' } });
    expect(tracker.profile.value.traits).toEqual({ ageBand: '25-34' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('phone: unknown trait'));
    await expect(tracker.identify('nope')).resolves.toMatchObject({ ok: false });
    warn.mockRestore();
  });
});
