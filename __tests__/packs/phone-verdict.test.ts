import { parsedVerdict, plainVerdict, ukPhone } from '../../src/packs/uk-phone.js';

// plainVerdict answers a plainly spelled phone candidate from libphonenumber's metadata with its
// patterns compiled once; parsedVerdict is libphonenumber's own parse, isValid and isPossible (the
// reference). They must agree on every candidate plainVerdict answers, and it must answer these.

/** A deterministic digit string of the given length, varied by seed. */
function digitsFrom(seed: number, length: number): string {
  let s = '';
  let x = seed * 2654435761 + 12345;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += String(Math.floor(x / 65536) % 10);
  }
  return s;
}

/** The ways people write national digits `nsn` (without the leading 0), split after `area` digits. */
function spellings(nsn: string, area: number): string[] {
  const a = nsn.slice(0, area);
  const rest = nsn.slice(area);
  const mid = rest.slice(0, Math.ceil(rest.length / 2));
  const end = rest.slice(mid.length);
  return [
    `0${nsn}`,
    `0${a} ${rest}`,
    `0${a} ${mid} ${end}`,
    `0${a}-${mid}-${end}`,
    `0${a}.${mid}.${end}`,
    `(0${a}) ${rest}`,
    `(0${a})${mid}-${end}`,
    `(${a}) ${mid} ${end}`,
    `+44${nsn}`,
    `+44 ${a} ${rest}`,
    `+44 (0)${a} ${mid} ${end}`,
    `+44 (0) ${a}-${rest}`,
    `+44-${a}-${mid}-${end}`,
    `+440${nsn}`,
    `0044 ${a} ${rest}`,
    `0044 (0)${a} ${rest}`,
    `44${nsn}`,
    `00${nsn}`,
    `000${nsn}`,
    `+33 ${a} ${rest}`,
    `0033${nsn}`,
  ];
}

/** Fails with the first candidates the two answer differently; returns how many got each verdict. */
function expectSame(values: string[]): Record<string, number> {
  const differ: string[] = [];
  const counts: Record<string, number> = { number: 0, possible: 0, none: 0 };
  for (const v of values) {
    const fast = plainVerdict(v);
    if (fast === undefined) differ.push(`${v}: not answered`);
    else if (fast !== parsedVerdict(v)) differ.push(`${v}: ${fast}, libphonenumber ${parsedVerdict(v)}`);
    else counts[fast]! += 1;
  }
  expect(differ.slice(0, 20)).toEqual([]);
  return counts;
}

describe('plainVerdict agrees with libphonenumber', () => {
  test('the examples, repdigits and placeholders', () => {
    const values = [
      '0113 496 0416', '+44 20 7946 0123', '(01632) 960 123', '07700 900 123', '020-7946-0018', '+44 (0) 121 496 0000',
      '01481 712345', '01534 456789', '01624 123456', '07624 123456', '07781 123456', '07911 123456', '0800 123 4567',
      '0800 1234', '0845 123 4567', '0870 123 4567', '0300 123 4567', '0500 123456', '0909 879 0000', '0843 123 4567',
      '0560 123 4567', '076 1234 5678', '0330 123 4567', '0808 157 0123', '01800 201234', '0180020 1234', '+44 180020 1234',
      '0814 922 1062', '07777 777777', '00000 000000', '01111 111111', '+44 7777 777777', '0121 496 0000', '(121) 496 0555',
      '(0044) 20 7946 0123', '(0) 20 7946 0123', '+44 (0) 0207 946 0123', '4402079460123', '442079460123', '44 20 7946 0123',
      '0044 0 20 7946 0123', '000 1234 5678', '0207 946 012', '02079460123456', '+44 1234 567', '01 23', '012',
    ];
    for (let d = 0; d <= 9; d++) values.push(`0${String(d).repeat(10)}`, `0${String(d).repeat(9)}`, `+44 ${String(d).repeat(10)}`);
    expectSame(values);
  });

  test('every 1–4-digit prefix after 0, national lengths 7–11, in every spelling', () => {
    const values: string[] = [];
    for (let width = 1; width <= 4; width++) {
      for (let p = 0; p < 10 ** width; p++) {
        const prefix = String(p).padStart(width, '0');
        for (let length = Math.max(7, width + 3); length <= 11; length++) {
          const nsn = prefix + digitsFrom(p * 13 + length, length - width);
          const all = spellings(nsn, Math.min(width, 4));
          // every spelling for short prefixes; a rotating few for the 10,000 four-digit ones
          if (width < 4) values.push(...all);
          else values.push(all[(p + length) % all.length]!, all[(p * 7 + length) % all.length]!);
        }
      }
    }
    const counts = expectSame(values);
    // each verdict is well represented, so agreement is not agreement on "none" alone
    expect(counts.number).toBeGreaterThan(5000);
    expect(counts.possible).toBeGreaterThan(5000);
  });

  test('every 5-digit prefix after 0, ten national digits, suffixes varied', () => {
    const values: string[] = [];
    for (let p = 0; p < 100000; p++) {
      const prefix = String(p).padStart(5, '0');
      const nsn = prefix + digitsFrom(p, 5);
      values.push(p % 3 === 0 ? `0${prefix} ${nsn.slice(5)}` : p % 3 === 1 ? `+44 ${prefix.slice(0, 4)} ${nsn.slice(4)}` : `0${nsn}`);
    }
    const counts = expectSame(values);
    expect(counts.number).toBeGreaterThan(10000);
  });

  test('drama ranges, each suffix end', () => {
    const values: string[] = [];
    for (const range of ['1214960', '1174960', '2079460', '1632960', '7700900', '8081570', '9098790', '3069990', '2896496']) {
      for (const end of ['000', '123', '999']) values.push(...spellings(range + end, range.startsWith('2') ? 2 : 4));
    }
    expectSame(values);
  });

  test('an extension or letters are left to libphonenumber', () => {
    for (const v of ['+44 20 7946 0123 x456', '+44-2034567890;ext=456', '0800 FLOWERS', 'tel 07700900682']) {
      expect(plainVerdict(v)).toBeUndefined();
    }
    expect(ukPhone('+44 20 7946 0123 x456', { text: '+44 20 7946 0123 x456', index: 0 })).toBe(true);
  });
});
