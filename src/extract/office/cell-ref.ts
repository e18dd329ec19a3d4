/** The letters of a 1-based column number (1 → A, 27 → AA), as spreadsheets name columns. */
export function columnName(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** Row and column of a cell reference (`C14`, `$C$14`); undefined when it is not one. */
export function parseCellRef(ref: string): { row: number; column: number } | undefined {
  // read by hand: it runs for every cell of a sheet, a regex per cell showed in profiles
  let i = ref.charCodeAt(0) === 0x24 ? 1 : 0;
  let column = 0;
  const start = i;
  for (let c = ref.charCodeAt(i) | 0x20; c >= 97 && c <= 122 && i - start < 3; c = ref.charCodeAt(++i) | 0x20) column = column * 26 + (c - 96);
  if (i === start) return undefined;
  if (ref.charCodeAt(i) === 0x24) i++;
  let row = 0;
  const digits = i;
  for (let c = ref.charCodeAt(i); c >= 48 && c <= 57; c = ref.charCodeAt(++i)) row = row * 10 + (c - 48);
  if (i === digits || i !== ref.length || i - digits > 7) return undefined;
  return { row, column };
}

/** `C14` from a row and column number. */
export function cellRef(row: number, column: number): string {
  return `${columnName(column)}${row}`;
}
