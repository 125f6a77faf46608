/**
 * Two text rules written without regular-expression lookbehind, which the browser inside older
 * WPS builds cannot parse: what each must still find and leave alone.
 */
import { describe, expect, it } from 'vitest';
import { FIELDS, HEADER } from '../../core/fields.ts';
import { hasXmlForbidden, xmlSafe } from '../../core/limits.ts';
import { findTable } from '../../core/table.ts';

describe('text rules without lookbehind', () => {
  it('drop what XML forbids, halves of a surrogate pair among them, and keep whole pairs', () => {
    expect(xmlSafe('a\u0001b😀\uD800c\uDC00d\uFFFE')).toBe('ab😀cd');
    expect(xmlSafe('整改😀完成')).toBe('整改😀完成');
    expect(hasXmlForbidden('整改😀完成')).toBe(false);
    expect(hasXmlForbidden('整改\uDC00')).toBe(true);
    expect(hasXmlForbidden('\uD83D整改')).toBe(true);
    expect(hasXmlForbidden('响铃\u0007')).toBe(true);
    expect(hasXmlForbidden('换行\n制表\t')).toBe(false);
  });

  it('read 电话 on a reporting row, but not the 电话 of 联系人/电话 or 填报人电话', () => {
    const table = (reporting: string) => {
      const found = findTable([['标题'], [reporting], FIELDS.map((f) => HEADER[f]), [1, '问题']], '整改台账');
      if (!found.ok) throw new Error(found.message);
      return found.table;
    };
    expect(table('填报单位：县水利局  填报人：王五  联系电话：66000000').phone).toBe('66000000');
    expect(table('电话：12345  填报单位：县水利局').phone).toBe('12345');
    expect(table('填报单位：县水利局  联系人/电话：张三 139').phone).toBe('');
    expect(table('填报单位：县水利局  填报人电话：139').phone).toBe('');
  });
});
