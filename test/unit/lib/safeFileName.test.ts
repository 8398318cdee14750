// The one rule for names of saved files (project file, points scheme, exports).
import { describe, expect, it } from 'vitest';
import { safeFileName } from '../../../src/lib/download.ts';
import { exportFileName } from '../../../src/ui/map/exportMap.ts';

describe('safeFileName', () => {
  it('replaces each run of refused or control characters with one underscore and keeps Chinese', () => {
    expect(safeFileName('a/b\\c:d*?"<>|e', 'x')).toBe('a_b_c_d_e');
    expect(safeFileName('客户\u0000\u001f\u007f方案', 'x')).toBe('客户_方案');
  });
  it('falls back when nothing is left, and keeps at most 80 characters', () => {
    expect(safeFileName('   ', 'project')).toBe('project');
    expect(safeFileName('x'.repeat(200), 'p')).toHaveLength(80);
  });
  it('names exports icrm-<survey without extension>-<date>.<ext>', () => {
    expect(exportFileName('市场/调研.csv', '2026-12-02', 'pptx')).toBe('icrm-市场_调研-2026-12-02.pptx');
  });
});
