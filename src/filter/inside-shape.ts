import type { CompiledShape, Field } from '../types.js';

/**
 * True when a field sits inside a shape: a CSV cell or header of one of its columns, a JSON key or
 * value at one of its key paths. A column or key the shape lacks (the leak itself) is outside.
 */
export function insideShape(shape: CompiledShape, field: Field): boolean {
  if (shape.format === 'csv') return field.ctx.name !== undefined && shape.columns.has(field.ctx.name);
  const path = field.ctx.path?.replace(/^\[\*\]\.?/, '');
  return path !== undefined && shape.keys.has(path);
}
