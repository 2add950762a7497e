import { describe, expect, it } from 'vitest';
import { contrastRatio, parseColor, readableOn } from './contrast.ts';

describe('contrast', () => {
  it('reads hex, rgb() and hsl() colours', () => {
    expect(parseColor('#fff')).toEqual([255, 255, 255]);
    expect(parseColor('#d4241cff')).toEqual([212, 36, 28]);
    expect(parseColor('rgb(212 36 28)')).toEqual([212, 36, 28]);
    expect(parseColor('rgba(212, 36, 28, 0.5)')).toEqual([212, 36, 28]);
    expect(parseColor('hsl(0 100% 50%)')).toEqual([255, 0, 0]);
    expect(parseColor('tomato')).toBeNull();
  });

  it('gives the WCAG ratio: 21 for black on white, 1 for a colour on itself, the known figure for white on #ff4400', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#767676', '#767676')).toBe(1);
    expect(contrastRatio('#ffffff', '#ff4400')).toBeCloseTo(3.45, 2);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('picks the text colour that reads on a background', () => {
    expect(readableOn('#ff4400')).toBe('#000000');
    expect(readableOn('#b3261e')).toBe('#ffffff');
  });
});
