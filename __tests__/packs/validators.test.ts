import { VALIDATORS } from '../../src/packs/validators.js';

// Expected answers come from ../shared/reference/uk-identifiers.md (section named on each block).
// Every identifier here is fiction, a format illustration or a published test value: none is a person's.

/** Runs the named validator, failing loudly if a pack could not name it. */
function check(name: string, value: string): boolean {
  const fn = VALIDATORS[name];
  if (!fn) throw new Error(`no validator named ${name}`);
  return fn(value, { text: value, index: 0 });
}

/**
 * NHS modulus 11 check digit of nine digits, written from the NHS Data Dictionary steps quoted in
 * A.2 (weights 10..2, 11 - remainder, 11 → 0); returns 10 where the number "is invalid and not used".
 */
function nhsCheckDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  return check === 11 ? 0 : check;
}

/**
 * IBAN check digits for a country and BBAN, chosen so that the ISO 7064 MOD-97-10 rule of A.9 holds
 * ("move first 4 chars to the end, letters → 10..35, number mod 97 must be 1").
 */
function ibanWithCheck(country: string, bban: string): string {
  const mod97 = (s: string): number => {
    const digits = [...s].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
    return Number(BigInt(digits) % 97n);
  };
  for (let cc = 2; cc <= 98; cc++) {
    const candidate = `${country}${String(cc).padStart(2, '0')}${bban}`;
    if (mod97(candidate.slice(4) + candidate.slice(0, 4)) === 1) return candidate;
  }
  throw new Error(`no check digits for ${country} ${bban}`);
}

/** PNC / CRO check letters of A.11: remainder 0 is Z, 1 is A … skipping I, O and S. */
const MOD23_LETTERS = 'ZABCDEFGHJKLMNPQRTUVWXY';
/** PNC check letter from A.11: (two-digit year + serial padded to seven digits) mod 23. */
const pncCheckLetter = (yy: string, serial: string): string => MOD23_LETTERS[Number(BigInt(yy + serial.padStart(7, '0')) % 23n)]!;
/** CRO check letter from A.11: (two-digit year + serial padded to six digits) mod 23. */
const croCheckLetter = (serial: string, yy: string): string => MOD23_LETTERS[Number(BigInt(yy + serial.padStart(6, '0')) % 23n)]!;

const TESTED = [
  'luhn', 'payment-card', 'nhs', 'nino', 'iban', 'uk-phone', 'ipv4', 'ipv6', 'mrz', 'pnc', 'cro', 'driving-licence', 'passport',
  'sort-code-account', 'vehicle-registration',
  // names, dates of birth: tested in people.test.ts
  'forename-surname', 'upper-name', 'surname-forename', 'titled-name', 'role-name', 'surname-first', 'initials-name', 'lower-name', 'lower-subject', 'display-name', 'people-column', 'date-of-birth',
];

describe('VALIDATORS', () => {
  it('holds exactly the validators this file tests (a new one needs its own table here)', () => {
    expect(Object.keys(VALIDATORS).sort()).toEqual([...TESTED].sort());
  });
});

describe('luhn (A.10)', () => {
  it.each([
    ['4111111111111111', 'Visa test number (A.10)'],
    ['5555555555554444', 'Mastercard test number (A.10)'],
    ['79927398713', 'the worked example of the Luhn algorithm'],
    ['4111 1111 1111 1111', 'separators are ignored'],
    ['4111-1111-1111-1111', 'dashes are ignored'],
  ])('accepts %s (%s)', (value) => {
    expect(check('luhn', value)).toBe(true);
  });

  it.each([
    ['4111111111111112', 'last digit changed'],
    ['4111111111111121', 'two digits swapped'],
    ['79927398710', 'check digit changed'],
    ['', 'no digits at all'],
    ['not a number', 'no digits at all'],
  ])('refuses %j (%s)', (value) => {
    expect(check('luhn', value)).toBe(false);
  });
});

describe('payment-card (A.10: Luhn, issuer prefix and length)', () => {
  // Published payment-provider test numbers, one per issuer of the braintree credit-card-type table.
  it.each([
    ['4111111111111111', 'Visa, 16'],
    ['4012888888881881', 'Visa, 16'],
    ['5555555555554444', 'Mastercard 51-55'],
    ['5105105105105100', 'Mastercard 51-55'],
    ['2223000048400011', 'Mastercard 2221-2720'],
    ['378282246310005', 'American Express 37, 15'],
    ['371449635398431', 'American Express 37, 15'],
    ['3782 822463 10005', 'American Express grouped 4-6-5'],
    ['6011111111111117', 'Discover 6011'],
    ['30569309025904', 'Diners Club 305, 14'],
    ['38520000023237', 'Diners Club 38, 14'],
    ['3530111333300000', 'JCB 3528-3589'],
    ['3566002020360505', 'JCB 3528-3589'],
    ['6200000000000005', 'UnionPay 62'],
    ['4111 1111 1111 1111', 'grouped with spaces'],
  ])('accepts %s (%s)', (value) => {
    expect(check('payment-card', value)).toBe(true);
  });

  it.each([
    ['4111111111111112', 'fails Luhn'],
    ['0000000000000000', 'repdigit (passes Luhn)'],
    ['1234567812345678', 'fails Luhn'],
  ])('refuses %s (%s)', (value) => {
    expect(check('payment-card', value)).toBe(false);
  });

  // Each of these passes Luhn (asserted first), so only the issuer rule can refuse it.
  it.each([
    ['4222222222222', 'Visa with 13 digits: legacy, and on open data a coordinate without its point'],
    ['411111111111116', 'Visa with 15 digits'],
    ['41111111111111113', 'Visa with 17 digits'],
    ['3782822463100052', 'American Express with 16 digits'],
    ['555555555555442', 'Mastercard with 15 digits'],
    ['9000000000000001', 'no issuer starts with 9'],
    ['1234567812345670', 'no issuer starts with 12'],
    ['41111111111111111115', '20 digits: longer than any card'],
    ['41111111112', '11 digits: shorter than any card'],
  ])('refuses %s although it passes Luhn (%s)', (value) => {
    expect(check('luhn', value)).toBe(true);
    expect(check('payment-card', value)).toBe(false);
  });
});

describe('nhs (A.2: NHS Data Dictionary modulus 11)', () => {
  it('computes the published check digit (guards the helper below)', () => {
    expect(nhsCheckDigit('943476591')).toBe(9);
  });

  it.each([
    ['943 476 5919', 'the display example, 3-3-4'],
    ['9434765919', 'compact'],
    ['943-476-5919', 'dashes'],
  ])('accepts %s (%s)', (value) => {
    expect(check('nhs', value)).toBe(true);
  });

  // Test range 999 000 0000-999 999 9999 (A.2); check digits computed with nhsCheckDigit above.
  it.each(['999000005', '999000019', '999246810', '999654321'])(
    'accepts the test-range number %s with its computed check digit, and refuses every other last digit',
    (nine) => {
      const c = nhsCheckDigit(nine);
      expect(c).toBeLessThan(10);
      for (let d = 0; d <= 9; d++) expect(check('nhs', `${nine}${d}`)).toBe(d === c);
    },
  );

  it('gives a remainder of 0 the check digit 0 (step 4: 11 → 0)', () => {
    expect(nhsCheckDigit('999000005')).toBe(0);
    expect(check('nhs', '9990000050')).toBe(true);
  });

  it('refuses every number whose check would be 10 ("the number is invalid and not used")', () => {
    expect(nhsCheckDigit('999000000')).toBe(10);
    for (let d = 0; d <= 9; d++) expect(check('nhs', `999000000${d}`)).toBe(false);
  });

  it.each([
    ['987 654 4321', 'the NHS syntax example: fails modulus 11'],
    ['943 476 5918', 'check digit changed'],
    ['943 476 591', 'nine digits'],
    ['943 476 59190', 'eleven digits'],
    ['0123456789', 'passes modulus 11 but is a placeholder'],
    ['', 'empty'],
  ])('refuses %j (%s)', (value) => {
    expect(check('nhs', value)).toBe(false);
  });

  it.each(Array.from({ length: 10 }, (_, d) => [String(d).repeat(10)]))('refuses the repdigit %s (passes modulus 11, A.2)', (value) => {
    expect(check('nhs', value)).toBe(false);
  });
});

describe('nino (A.1: HMRC NIM39110)', () => {
  it.each([
    ['AB123456C', 'compact'],
    ['AB123456', 'no suffix (NIM39110: unique without it; the scan patterns need grouping or a keyword)'],
    ['AB-12-34-56-C', 'dashes'],
    ['ab.12.34.56.c', 'dots, lower case'],
    ['AB 12 34 56 C', 'spaced as printed'],
    ['ab123456c', 'lower case'],
    ['AB-12-34-56-C', 'dashes'],
    ['AB123456A', 'suffix A'],
    ['AB123456B', 'suffix B'],
    ['AB123456D', 'suffix D'],
    ['JY123456A', 'Jersey prefix (NIM39115)'],
    ['OA123456A', 'O is barred only as the second letter'],
  ])('accepts %s (%s)', (value) => {
    expect(check('nino', value)).toBe(true);
  });

  it.each(['D', 'F', 'I', 'Q', 'U', 'V'].flatMap((l) => [[`${l}A123456A`, l, 'first'], [`A${l}123456A`, l, 'second']]))(
    'refuses %s (%s is never used as the %s letter)',
    (value) => {
      expect(check('nino', value)).toBe(false);
    },
  );

  it.each([['AO123456A'], ['BO123456A'], ['ZO123456A']])('refuses %s (O is not used as the second letter)', (value) => {
    expect(check('nino', value)).toBe(false);
  });

  it.each(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'])('refuses the never-allocated prefix %s', (prefix) => {
    expect(check('nino', `${prefix}123456A`)).toBe(false);
  });

  it.each(['CR', 'FY', 'MW', 'NC', 'OO', 'PP', 'PY', 'PZ'])('refuses the administrative prefix %s', (prefix) => {
    expect(check('nino', `${prefix}123456A`)).toBe(false);
  });

  it.each([
    ['QQ 12 34 56 C', "HMRC's printed example"],
    ['AB123456E', 'suffix beyond D'],
    ['TN311258F', 'temporary number, suffix F'],
    ['PP999999P', 'pension-scheme dummy, suffix P'],
    ['AB12345C', 'five digits'],
    ['AB1234567C', 'seven digits'],
    ['11A11111', 'a Temporary Reference Number'],
    ['', 'empty'],
  ])('refuses %j (%s)', (value) => {
    expect(check('nino', value)).toBe(false);
  });
});

describe('iban (A.9: country length and ISO 7064 MOD-97-10)', () => {
  it('computes the published check digits (guards the helper below)', () => {
    expect(ibanWithCheck('GB', 'WEST12345698765432')).toBe('GB82WEST12345698765432');
    expect(ibanWithCheck('GB', 'NWBK60161331926819')).toBe('GB29NWBK60161331926819');
  });

  it.each([
    ['GB82 WEST 1234 5698 7654 32', 'published example (A.9)'],
    ['GB29 NWBK 6016 1331 9268 19', 'published example (A.9)'],
    ['GB82WEST12345698765432', 'compact'],
    ['gb82 west 1234 5698 7654 32', 'lower case'],
    ['DE89 3704 0044 0532 0130 00', 'published German example'],
    [ibanWithCheck('NO', '86011117947'), 'Norway, the shortest (15), check digits computed'],
    [ibanWithCheck('GB', 'ABCD00000000000001'), 'fictional GB account, check digits computed'],
  ])('accepts %s (%s)', (value) => {
    expect(check('iban', value)).toBe(true);
  });

  it.each([
    ['GB82 WEST 1234 5698 7654 33', 'last digit changed'],
    ['GB82 WEST 1234 5698 7654 42', 'one digit changed'],
    ['GB83 WEST 1234 5698 7654 32', 'check digits changed'],
    ['GB82 WEST 1234 5698 7645 32', 'two digits swapped'],
    ['GB82 WEST 1234 5698 7654', 'too short'],
    ['GB82 WEST 1234 5698 7654 321', 'too long'],
    ['', 'empty'],
  ])('refuses %j (%s)', (value) => {
    expect(check('iban', value)).toBe(false);
  });

  // Check digits computed so MOD-97-10 holds: only the length or country rule can refuse these.
  it.each([
    [ibanWithCheck('GB', 'WEST123456987654321'), 'GB with 23 characters'],
    [ibanWithCheck('GB', 'WEST1234569876543'), 'GB with 21 characters'],
    [ibanWithCheck('GB', 'WEST1234569876543A'), 'GB account part with a letter (GB BBAN is 4 letters + 14 digits)'],
    [ibanWithCheck('GB', '123412345698765432'), 'GB bank code of digits'],
    [ibanWithCheck('XX', 'WEST12345698765432'), 'no such country'],
    [ibanWithCheck('DE', '37040044053201300'), 'DE with 21 characters'],
  ])('refuses %s although MOD-97-10 holds (%s)', (value) => {
    expect(check('iban', value)).toBe(false);
  });
});

describe('uk-phone (A.4: Ofcom numbering plan)', () => {
  // One number inside each Ofcom drama range of the A.4 table.
  it.each([
    ['0121 496 0123', 'Birmingham'],
    ['0117 496 0045', 'Bristol'],
    ['029 2018 0123', 'Cardiff'],
    ['0131 496 0999', 'Edinburgh'],
    ['0141 496 0000', 'Glasgow'],
    ['0113 496 0361', 'Leeds'],
    ['0116 496 0123', 'Leicester'],
    ['0151 496 0123', 'Liverpool'],
    ['020 7946 0123', 'London'],
    ['0161 496 0123', 'Manchester'],
    ['0191 498 0123', 'Newcastle'],
    ['028 9649 6123', 'Northern Ireland'],
    ['0115 496 0123', 'Nottingham'],
    ['0118 496 0123', 'Reading'],
    ['0114 496 0123', 'Sheffield'],
    ['01632 960123', 'no area'],
    ['07700 900461', 'mobile'],
    ['08081 570123', 'freephone'],
    ['0909 879 0123', 'premium'],
    ['03069 990123', 'UK-wide'],
  ])('accepts the drama number %s (%s)', (value) => {
    expect(check('uk-phone', value)).toBe(true);
  });

  it.each([
    ['+44 7700 900123', '+44 replaces the trunk 0'],
    ['+447700900123', '+44 compact'],
    ['+44 (0)20 7946 0123', '+44 (0) form'],
    ['+44 (0) 7700 900123', '+44 (0) form, mobile'],
    ['0044 20 7946 0123', '0044 form'],
    ['0044 (0)20 7946 0123', '0044 (0) form'],
    ['(0117) 496 0045', 'area code in brackets'],
    ['020-7946-0557', 'dashes'],
    ['0800 1111', 'a seven-digit freephone number in libphonenumber\'s metadata (Childline, public)'],
    ['07400 123456', 'libphonenumber\'s own GB mobile example'],
    ['+44 2034567890 x456', 'an extension after the number'],
    ['020.7946.0123', 'dots'],
    ['07624 123456', 'Isle of Man mobile (+44 shared)'],
    ['0800 555 111', 'freephone 080 with nine national digits (Crimestoppers, public)'],
    ['0300 123 2040', '03 public-service number (Action Fraud, public)'],
  ])('accepts %s (%s)', (value) => {
    expect(check('uk-phone', value)).toBe(true);
  });

  it.each([
    ['07700 90012', 'mobile with nine national digits (mobiles always have ten)'],
    ['07700 9001234', 'mobile with eleven national digits'],
    ['020 7946 012', '02 with nine national digits'],
    ['0121 496 01234', 'too long'],
    ['+44 7700 90012', '+44 mobile too short'],
    ['04123 456789', '04 is not in the numbering plan'],
    ['06123 456789', '06 is not in the numbering plan'],
    ['0845 123 456', '084 needs ten national digits'],
    ['0500 123456', '05 needs ten national digits'],
    ['101', 'short code'],
    ['999', 'short code'],
    ['01632 96012', 'nine digits after 01632: not in use, and not the drama range (ten digits)'],
    ['0814 922 1062', '081 is not in use (a random number, as a faker makes them)'],
    ['0800 111', 'too short'],
    ['07777 777777', 'repdigit'],
    ['+33 1 23 45 67 89', 'another country'],
    ['0033 1234 5678', '00 dials abroad: not a UK national number'],
    ['', 'empty'],
  ])('refuses %j (%s)', (value) => {
    expect(check('uk-phone', value)).toBe(false);
  });
});

describe('uk-phone after a phone label (libphonenumber: a possible length is enough)', () => {
  /** The validator on the number at the end of `text`, as the detector calls it. */
  const labelled = (text: string, number: string): boolean => VALIDATORS['uk-phone']!(number, { text: `${text}${number}`, index: text.length });

  it.each([
    ['Tel: ', '0814 922 1062', 'not in use, but of a possible length'],
    ['mobile ', '01632 96012', 'nine national digits'],
    ['call on ', '0569 123 4567', 'not in use'],
  ])('accepts %j%s (%s)', (label, value) => {
    expect(labelled(label, value)).toBe(true);
  });

  it.each([
    ['', '0814 922 1062', 'no label'],
    ['ref ', '0814 922 1062', 'not a phone label'],
    ['Tel: ', '0814 92', 'too short'],
    ['Tel: ', '07777 777777', 'repdigit'],
    ['Tel: ', '+33 1 23 45 67 89', 'another country'],
    ['Tel: 07700 900123, ref 1234567890123 and ', '0814 922 1062', 'the label is for another number, too far back'],
  ])('refuses %j%s (%s)', (label, value) => {
    expect(labelled(label, value)).toBe(false);
  });
});

describe('ipv6 (node:net isIP; RFC 4291 addresses that identify nobody refused)', () => {
  it.each([
    ['2001:db8::8a2e:370:7334', 'compressed'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', 'full'],
    ['2001:DB8::1', 'upper case'],
    ['2001:db8::', 'trailing ::'],
    ['::ffff:192.0.2.1', 'IPv4-mapped'],
    ['fe80::1%eth0', 'zone id'],
    ['[2001:db8::1]', 'in brackets (URLs)'],
  ])('accepts %s (%s)', (value) => {
    expect(check('ipv6', value)).toBe(true);
  });

  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['ff02::1', 'multicast'],
    ['12:30:45', 'a time'],
    ['00:1A:2B:3C:4D:5E', 'a MAC address'],
    ['2001:db8:::1', 'three colons'],
    ['1:2:3:4:5:6:7', 'seven groups, no ::'],
  ])('refuses %s (%s)', (value) => {
    expect(check('ipv6', value)).toBe(false);
  });
});

/** ICAO 9303 check digit (weights 7, 3, 1; A=10…Z=35; < is 0), written from Doc 9303 part 3. */
function mrzDigit(s: string): string {
  let sum = 0;
  [...s].forEach((c, i) => (sum += (c === '<' ? 0 : /[A-Z]/.test(c) ? c.charCodeAt(0) - 55 : Number(c)) * [7, 3, 1][i % 3]!));
  return String(sum % 10);
}

/** A TD3 second line for invented data, each check digit computed. */
function td3(doc: string, dob: string, sex: string, expiry: string, personal = '<<<<<<<<<<<<<<'): string {
  const personalCheck = /^<+$/.test(personal) ? '<' : mrzDigit(personal);
  const line = `${doc}${mrzDigit(doc)}GBR${dob}${mrzDigit(dob)}${sex}${expiry}${mrzDigit(expiry)}${personal}${personalCheck}`;
  return line + mrzDigit(line.slice(0, 10) + line.slice(13, 20) + line.slice(21, 43));
}

describe('mrz (ICAO 9303 machine-readable zone, second line)', () => {
  it('computes the check digits of the ICAO specimen (guards the helper above)', () => {
    // Doc 9303 part 4 specimen: L898902C3 → 6, 740812 → 2, 120415 → 9
    expect([mrzDigit('L898902C3'), mrzDigit('740812'), mrzDigit('120415')]).toEqual(['6', '2', '9']);
  });

  it.each([
    [td3('512876043', '850703', 'F', '310215'), 'TD3, invented'],
    [td3('X12B45678', '011231', 'M', '290101', 'AB1234567<<<<<'), 'TD3 with a personal number'],
    ['L898902C36UTO7408122F1204159ZE184226B<<<<<10', 'the ICAO Doc 9303 specimen'],
  ])('accepts %s (%s)', (value) => {
    expect(check('mrz', value)).toBe(true);
  });

  it.each([
    [td3('512876043', '850703', 'F', '310215').replace('5128', '5129'), 'document number changed'],
    [td3('512876043', '850703', 'F', '310215').slice(0, 43) + '0', 'composite check wrong'],
    [td3('512876043', '850703', 'F', '310215').slice(1), '43 characters'],
  ])('refuses %s (%s)', (value) => {
    expect(check('mrz', value)).toBe(false);
  });
});

describe('ipv4 (RFC 6890 ranges that identify nobody are refused)', () => {
  it.each([
    ['192.0.2.1', 'TEST-NET-1 documentation range'],
    ['192.0.2.255', 'TEST-NET-1 documentation range'],
    ['198.51.100.6', 'TEST-NET-2 documentation range'],
    ['203.0.113.172', 'TEST-NET-3 documentation range'],
    ['223.255.255.255', 'last address below multicast'],
  ])('accepts %s (%s)', (value) => {
    expect(check('ipv4', value)).toBe(true);
  });

  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', '"this network" 0/8'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback 127/8'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['256.0.2.1', 'octet above 255'],
    ['192.0.2', 'three octets'],
    ['192.0.2.1.5', 'five octets'],
    ['192.0.2.-1', 'negative octet'],
    ['192..2.1', 'empty octet'],
    ['192.0.2.', 'trailing dot'],
    ['192.0.2.0x1', 'hexadecimal octet'],
    ['192.0.2.1e0', 'exponent'],
    ['', 'empty'],
  ])('refuses %j (%s)', (value) => {
    expect(check('ipv4', value)).toBe(false);
  });
});

describe('pnc (A.11: Police National Computer ID, modulus 23)', () => {
  it('computes the reference vectors (guards the helper below)', () => {
    expect(pncCheckLetter('01', '123')).toBe('Y');
    expect(pncCheckLetter('99', '1234567')).toBe('B');
    expect(pncCheckLetter('24', '5')).toBe('V');
  });

  it.each([
    ['01/123Y', 'reference vector (= 2001/0000123Y)'],
    ['99/1234567B', 'reference vector'],
    ['24/5V', 'reference vector'],
    ['2001/123Y', 'four-digit year: the check uses its last two digits'],
    ['01/0000123Y', 'serial with its leading zeros'],
    ['01/123y', 'lower-case check letter'],
    ['79163001B', 'slashless short form (MoJ PNCIdentifierTest)'],
    ['20030011985X', 'slashless long form: four-digit year and seven-digit serial (MoJ)'],
    ['0273319Z', 'slashless, five-digit serial (MoJ)'],
    [`07/654321${pncCheckLetter('07', '654321')}`, 'fictional, check letter computed'],
    [`1980/1${pncCheckLetter('80', '1')}`, 'fictional, check letter computed'],
  ])('accepts %s (%s)', (value) => {
    expect(check('pnc', value)).toBe(true);
  });

  it.each([
    ['01/123Z', 'wrong check letter'],
    ['01/124Y', 'serial changed'],
    ['02/123Y', 'year changed'],
    ['24/5I', 'I is never a check letter'],
    ['24/5O', 'O is never a check letter'],
    ['24/5S', 'S is never a check letter'],
    ['99/12345678B', 'eight-digit serial'],
    ['199/5V', 'three-digit year'],
    ['24/V', 'no serial'],
    ['20030011985Z', 'slashless long form, wrong check letter (MoJ)'],
    ['20120052494O', 'O is never a check letter (MoJ)'],
    ['24/5', 'no check letter'],
    ['12/10/2023', 'a date'],
    ['', 'empty'],
  ])('refuses %j (%s)', (value) => {
    expect(check('pnc', value)).toBe(false);
  });
});

describe('cro (A.11: Criminal Records Office number, modulus 23)', () => {
  it('computes the reference vectors (guards the helper below)', () => {
    expect(croCheckLetter('123456', '08')).toBe('T');
    expect(croCheckLetter('000001', '95')).toBe('V');
  });

  it.each([
    ['123456/08T', 'reference vector'],
    ['000001/95V', 'reference vector'],
    ['1/95V', 'serial padded to six digits: the same number as 000001/95V'],
    ['123456/08t', 'lower-case check letter'],
    [`4321/11${croCheckLetter('4321', '11')}`, 'fictional, check letter computed'],
  ])('accepts %s (%s)', (value) => {
    expect(check('cro', value)).toBe(true);
  });

  it.each([
    ['123456/08U', 'wrong check letter'],
    ['123457/08T', 'serial changed'],
    ['1234567/08T', 'seven-digit serial'],
    ['123456/8T', 'one-digit year'],
    ['123456/008T', 'three-digit year'],
    ['123456/08', 'no check letter'],
    ['41/38202/23', 'a crime reference'],
    ['', 'empty'],
  ])('refuses %j (%s)', (value) => {
    expect(check('cro', value)).toBe(false);
  });
});

describe('driving-licence (A.5: DVLA licence number)', () => {
  // Fictional holder "Tester", born 14 July 1985, initials A B: TESTE 8 07 14 5 AB 9 XY.
  it.each([
    ['TESTE807145AB9XY', 'man born 14/07/1985'],
    ['TESTE857145AB9XY', 'woman: month + 50'],
    ['FOX99807145A99XY', 'short surname and single initial padded with 9'],
    ['TESTE801315AB9XY', '31 January'],
    ['TESTE802295AB9XY', '29 February'],
    ['TESTE862315AB9XY', 'woman, 31 December (month 62)'],
    ['TESTE807145AB9X1', 'check characters may be digits'],
    ['testE807145ab9xy', 'lower case'],
    ['TESTE807145AB9XY 35', 'followed by the issue number'],
  ])('accepts %s (%s)', (value) => {
    expect(check('driving-licence', value)).toBe(true);
  });

  it.each([
    ['MORGA753116SM9IJ', 'the DVLA specimen'],
    ['MORGA753116SM9IJ35', 'the DVLA specimen with its issue number'],
    ['MORGA753116SM9IJ 35', 'the DVLA specimen with its issue number, spaced'],
    ['morga753116sm9ij', 'the DVLA specimen in lower case'],
  ])('refuses %s (%s)', (value) => {
    expect(check('driving-licence', value)).toBe(false);
  });

  it.each([
    ['TESTE800145AB9XY', 'month 00'],
    ['TESTE813145AB9XY', 'month 13'],
    ['TESTE850145AB9XY', 'month 50'],
    ['TESTE863145AB9XY', 'month 63 (female month above 62)'],
    ['TESTE807005AB9XY', 'day 00'],
    ['TESTE807325AB9XY', 'day 32'],
    ['TESTE802305AB9XY', '30 February'],
    ['TESTE804315AB9XY', '31 April'],
    ['TESTE854315AB9XY', 'woman, 31 April (month 54)'],
    ['TESTE811315AB9XY', '31 November'],
  ])('refuses %s (%s: the day must exist in the month)', (value) => {
    expect(check('driving-licence', value)).toBe(false);
  });

  it.each([
    ['9ESTE807145AB9XY', 'surname part starting with 9'],
    ['TE9TE807145AB9XY', '9 inside the surname part'],
    ['TESTE807145', 'only the first eleven characters'],
    ['TESTE807145AB9X', 'fifteen characters'],
    ['TESTE807145A19XY', 'initials must be letters or 9'],
    ['TESTE807145ABXXY', 'character 14 must be a digit'],
    ['TESTEX07145AB9XY', 'decade must be a digit'],
    ['', 'empty'],
  ])('refuses %j (%s)', (value) => {
    expect(check('driving-licence', value)).toBe(false);
  });
});

describe('passport (A.6: nine digits)', () => {
  it.each([
    ['925665416', 'nine digits'],
    ['925 665 416', 'grouped'],
    ['AB1234567', 'two letters and seven digits (Irish and other passports; Presidio)'],
    ['ab1234567', 'lower case'],
    ['012345678', 'leading zero'],
  ])('accepts %s (%s)', (value) => {
    expect(check('passport', value)).toBe(true);
  });

  it.each([
    ['92566541', 'eight digits'],
    ['9256654160', 'ten digits'],
    ['A12345678', 'one letter and eight digits'],
    ['AB0000000', 'repdigit after the letters'],
    ['000000000', 'repdigit placeholder'],
    ['999999999', 'repdigit placeholder'],
    ['123456789', 'placeholder'],
    ['987654321', 'placeholder'],
    ['', 'empty'],
  ])('refuses %j (%s)', (value) => {
    expect(check('passport', value)).toBe(false);
  });
});

describe('sort-code-account (A.9: six-digit sort code and eight-digit account)', () => {
  it.each([
    ['11-22-33 12345678', 'side by side'],
    ['sort code 11-22-33, account 12345678', 'labelled'],
    ['Sort code: 11 22 33 Account no: 12345678', 'spaced sort code'],
    ['112233 12345678', 'sort code without separators'],
    ['12345678 11-22-33', 'account first'],
    ['11-22-33/12345678', 'joined by a slash'],
  ])('accepts %j (%s)', (value) => {
    expect(check('sort-code-account', value)).toBe(true);
  });

  it.each([
    ['00-00-00 12345678', 'sort code 00-00-00'],
    ['11-22-33 00000000', 'account of zeros'],
    ['11-22-33 1234567', 'seven-digit account'],
    ['11-22-33 123456789', 'nine-digit account'],
    ['11-22-33', 'sort code alone'],
    ['', 'empty'],
  ])('refuses %j (%s)', (value) => {
    expect(check('sort-code-account', value)).toBe(false);
  });
});

describe('vehicle-registration (A.7: DVLA INF104 age identifiers)', () => {
  it.each([
    ['AB51 ABC', 'September 2001, the first issue'],
    ['AB02 ABC', 'March 2002'],
    ['AB29 ABC', 'March 2029, the highest March identifier accepted'],
    ['AB79 ABC', 'September 2029'],
    ['AB51ABC', 'compact'],
    ['ab51 abc', 'lower case'],
  ])('accepts %s (%s)', (value) => {
    expect(check('vehicle-registration', value)).toBe(true);
  });

  it.each([
    ['AB00 ABC', 'age identifier 00'],
    ['AB01 ABC', 'age identifier 01: never issued (current format began at 51)'],
    ['AB30 ABC', 'age identifier 30'],
    ['AB50 ABC', 'age identifier 50'],
    ['AB80 ABC', 'age identifier 80'],
    ['AB99 ABC', 'age identifier 99'],
  ])('refuses %s (%s)', (value) => {
    expect(check('vehicle-registration', value)).toBe(false);
  });

  it.each([
    ['A123 BCD', 'prefix format, 1983-2001'],
    ['ABC 123D', 'suffix format, 1963-1983'],
    ['k1 abc', 'prefix format, lower case'],
    ['ABC 123', 'dateless'],
    ['1 ABC', 'dateless, digits first'],
  ])('accepts the older format %s (%s)', (value) => {
    expect(check('vehicle-registration', value)).toBe(true);
  });

  it.each([
    ['I123 BCD', 'I is never a year letter'],
    ['ABC 123Z', 'Z is never a year letter'],
    ['ABC 0123', 'dateless numbers do not start with 0'],
    ['PC 1234', 'a police collar number'],
  ])('refuses %s (%s)', (value) => {
    expect(check('vehicle-registration', value)).toBe(false);
  });
});
