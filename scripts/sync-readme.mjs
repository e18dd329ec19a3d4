// Rewrites the README blocks that quote the code (scan --help, exit codes, the CI recipes), so they never drift;
// __tests__/cli/docs.test.ts fails when they differ. Run after changing flags: npm run docs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const help = execFileSync(process.execPath, ['bin/leakgate.js', 'scan', '--help'], { encoding: 'utf8' });
const { EXIT_CODES } = await import('../dist/leakgate.js').catch(() => ({}));
let readme = readFileSync('README.md', 'utf8');
const replace = (name, body) => {
  const re = new RegExp(`(<!-- ${name}[^>]*-->\\n)[\\s\\S]*?(<!-- /${name} -->)`);
  if (!re.test(readme)) throw new Error(`README has no ${name} block`);
  readme = readme.replace(re, (_, open, close) => `${open}${body}${close}`);
};
replace('scan-help', '```\n' + help + '```\n');
// files the README quotes whole (the CI recipes): <!-- file: path --> … <!-- /file -->
readme = readme.replace(/(<!-- file: (\S+) -->\n)[\s\S]*?(<!-- \/file -->)/g, (_, open, file, close) => `${open}\`\`\`yaml\n${readFileSync(file, 'utf8')}\`\`\`\n${close}`);
if (EXIT_CODES) replace('exit-codes', `| code | meaning |\n| --- | --- |\n${EXIT_CODES.map((c) => `| ${c.code} | ${c.meaning} |`).join('\n')}\n`);
writeFileSync('README.md', readme);
console.log('README blocks updated');
