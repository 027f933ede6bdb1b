import { describe, expect, it } from 'vitest';
import { chooseBrowser } from './report-browser.ts';

describe('which browser the report tests use (WALKFORWARD_BROWSER)', () => {
  it('unset or auto: Debian chromium when installed, else the bundled one', () => {
    expect(chooseBrowser(undefined, true)).toBe('system');
    expect(chooseBrowser(undefined, false)).toBe('bundled');
    expect(chooseBrowser('', false)).toBe('bundled');
    expect(chooseBrowser('auto', true)).toBe('system');
    expect(chooseBrowser('auto', false)).toBe('bundled');
  });

  it('bundled hides the system browser; system insists on it', () => {
    expect(chooseBrowser('bundled', true)).toBe('bundled');
    expect(chooseBrowser('system', true)).toBe('system');
    expect(() => chooseBrowser('system', false)).toThrow(/\/usr\/bin\/chromium is missing/);
  });

  it('refuses anything else rather than guess', () => {
    expect(() => chooseBrowser('firefox', true)).toThrow(/expected auto, system or bundled/);
  });
});
