import { describe, expect, it } from 'vitest';
import { splitMessage, utf8Length } from '../../core/chase.ts';

describe('a 催报 message too long for a group bot', () => {
  it('goes in parts of at most 2,048 bytes, between lines, marked and in order, with nothing lost', () => {
    const lines = Array.from(
      { length: 120 },
      (_, i) => `${i + 1}. 县第${i + 1}单位：本轮尚未报送，请于11月5日前报送。`,
    );
    const text = lines.join('\n');
    expect(utf8Length(text)).toBeGreaterThan(2048);
    const parts = splitMessage(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(utf8Length(part)).toBeLessThanOrEqual(2048);
    expect(parts[0]).toMatch(new RegExp(`^（1/${parts.length}）`));
    const back = parts.map((p) => p.replace(/^（\d+\/\d+）/, '')).join('\n');
    expect(back).toBe(text);
  });

  it('cuts a single line longer than a part between characters, and leaves a short message whole', () => {
    const long = '很'.repeat(3000);
    const parts = splitMessage(long);
    for (const part of parts) expect(utf8Length(part)).toBeLessThanOrEqual(2048);
    expect(parts.map((p) => p.replace(/^（\d+\/\d+）/, '')).join('')).toBe(long);
    expect(splitMessage('【催报】县水利局')).toEqual(['【催报】县水利局']);
  });
});
