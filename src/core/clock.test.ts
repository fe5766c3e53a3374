import { describe, expect, it } from 'vitest';
import { currentTime, isoSeconds } from './clock.js';

describe('currentTime', () => {
  it('honours SOURCE_DATE_EPOCH', () => {
    expect(currentTime({ SOURCE_DATE_EPOCH: '1700000000' }).toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });
  it('is now without it', () => {
    const t = currentTime({}).getTime();
    expect(Math.abs(t - Date.now())).toBeLessThan(5000);
  });
  it.each(['-1', '1.5', 'yesterday', '1e9'])('rejects SOURCE_DATE_EPOCH=%s with a usage error', (v) => {
    expect(() => currentTime({ SOURCE_DATE_EPOCH: v })).toThrow(/SOURCE_DATE_EPOCH/);
  });
  it('isoSeconds drops fractions', () => {
    expect(isoSeconds(new Date('2024-01-02T03:04:05.999Z'))).toBe('2024-01-02T03:04:05Z');
  });
});
