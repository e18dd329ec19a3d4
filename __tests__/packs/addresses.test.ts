import { cli, tree } from '../helpers/cli.js';

// Addresses with no street type (issue 14), through the real CLI: after an address label a house
// number and a name are a home address in any case; without the label they are not.

async function addresses(text: string): Promise<{ ruleId: string; line: number; value?: string }[]> {
  const dir = tree({ 'bundle/notes.txt': text });
  const r = await cli(['scan', 'bundle', '--format', 'json', '--show-values'], { cwd: dir });
  expect(r.code).toBeLessThan(2);
  return (JSON.parse(r.stdout).findings as { category: string; ruleId: string; line: number; value?: string }[]).filter((f) => f.category === 'address');
}

describe('a house number and a name after an address label', () => {
  it('is an address in capitals, title case, after a colon or in brackets', async () => {
    const found = await addresses(
      ['lives at 48 WESTGATE - noted at 14:20', 'address: 1 MOUNT PLEASANT - noted', 'Follow-up required (address: 13 Waterside) before the meeting', 'resides at 1 The Coppice', ''].join('\n'),
    );
    expect(found.map((f) => [f.line, f.value])).toEqual([[1, '48 WESTGATE'], [2, '1 MOUNT PLEASANT'], [3, '13 Waterside'], [4, '1 The Coppice']]);
    expect(new Set(found.map((f) => f.ruleId))).toEqual(new Set(['uk-people.address-labelled-house']));
  });

  it('is not one without the label, and a street type stays the numbered rule\'s', async () => {
    const found = await addresses(['48 WESTGATE', 'Officers met at 3 The Coppice at 7pm', 'lives at 12 Station Road', ''].join('\n'));
    expect(found.map((f) => [f.line, f.ruleId])).toEqual([[3, 'uk-people.address-numbered']]);
  });
});
