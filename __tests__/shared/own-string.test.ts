import { ownField, type RecordCopies } from '../../src/shared/own-string.js';
import type { Field } from '../../src/types.js';

describe('ownField (a held field lets go of its text in place: issue 16)', () => {
  const piece = `name,phone\n${'x'.repeat(100)}Jane Example,07700 900123\n`;
  const at = (s: string): [number, number] => [piece.indexOf(s), piece.indexOf(s) + s.length];
  const row = { name: piece.slice(...at('Jane Example')), phone: piece.slice(...at('07700 900123')) };
  const ctx = { where: 'cell' as const, label: 'phone', name: 'phone' };
  const make = ([start, end]: [number, number]): Field => ({ text: piece.slice(start, end), line: 2, column: 1, offset: start, ctx, row });

  it('keeps the field itself, its context and its values, and gives the fields of a record one copy of it', () => {
    const copies: RecordCopies = new WeakMap();
    const phone = make(at('07700 900123'));
    const name = make(at('Jane Example'));
    const owned = ownField(phone, copies);
    expect(owned).toBe(phone);
    expect(owned.text).toBe('07700 900123');
    expect(owned.ctx).toBe(ctx);
    expect(owned.row).toEqual(row);
    expect(owned.row).not.toBe(row);
    expect(ownField(name, copies).row).toBe(owned.row);
    expect(Object.keys(owned)).toEqual(['text', 'line', 'column', 'offset', 'ctx', 'row']);
  });

  it('copies raw text and labels when the field has them, and adds none it has not', () => {
    const f: Field = { text: 'O"Brien', line: 1, column: 1, offset: 0, ctx, raw: 'O""Brien', offsets: new Int32Array([0, 1, 3, 4, 5, 6, 7]), label: '$.name' };
    const owned = ownField(f, new WeakMap());
    expect(owned).toEqual({ text: 'O"Brien', line: 1, column: 1, offset: 0, ctx, raw: 'O""Brien', offsets: new Int32Array([0, 1, 3, 4, 5, 6, 7]), label: '$.name' });
    expect('row' in owned || 'siblings' in owned).toBe(false);
  });
});
