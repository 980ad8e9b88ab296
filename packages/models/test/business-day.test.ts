import { describe, expect, it } from 'vitest';
import { businessDay } from '../src/index.js';

describe('businessDay', () => {
  it('puts a bill made at 23:59 local time on that local day', () => {
    // 23:59 in Bogotá (UTC-5) is 04:59 UTC the next day.
    expect(businessDay('2026-11-28T04:59:00.000Z', 'America/Bogota')).toBe('2026-11-27');
    expect(businessDay('2026-11-28T05:00:00.000Z', 'America/Bogota')).toBe('2026-11-28');
  });
});
