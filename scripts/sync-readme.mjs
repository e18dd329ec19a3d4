// Rewrites the README blocks that quote the code (scan --help, exit codes, the CI recipes, the
// formats tables) and the pre-commit hook's `files:`, so they never drift; __tests__/cli/docs.test.ts
// and __tests__/formats/registry.test.ts fail when they differ. Run after changing flags or formats: npm run docs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const help = execFileSync(process.execPath, ['bin/leakgate.js', 'scan', '--help'], { encoding: 'utf8' });
let readme = readFileSync('README.md', 'utf8');
const replace = (name, body) => {
  const re = new RegExp(`(<!-- ${name}[^>]*-->\\n)[\\s\\S]*?(<!-- /${name} -->)`);
  if (!re.test(readme)) throw new Error(`README has no ${name} block`);
  readme = readme.replace(re, (_, open, close) => `${open}${body}${close}`);
};
replace('scan-help', '```\n' + help + '```\n');
// files the README quotes whole (the CI recipes): <!-- file: path --> … <!-- /file -->
readme = readme.replace(/(<!-- file: (\S+) -->\n)[\s\S]*?(<!-- \/file -->)/g, (_, open, file, close) => `${open}\`\`\`yaml\n${readFileSync(file, 'utf8')}\`\`\`\n${close}`);
// modules of src the README quotes, bundled on the fly (dist/ is one CLI script that exports nothing)
const load = async (entry) => {
  const bundled = await build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node' });
  return import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);
};
const { EXIT_CODES } = await load('src/cli/exit-codes.ts');
replace('exit-codes', `| code | meaning |\n| --- | --- |\n${EXIT_CODES.map((c) => `| ${c.code} | ${c.meaning} |`).join('\n')}\n`);
const docs = await load('src/formats/docs.ts');
replace('formats', docs.formatsTable());
replace('documents', docs.documentsTable());
replace('lint-staged', `  \`"lint-staged": { "${docs.lintStagedGlob()}": "leakgate scan --staged" }\`\n  `);
writeFileSync('README.md', readme);
const hooks = readFileSync('.pre-commit-hooks.yaml', 'utf8');
writeFileSync('.pre-commit-hooks.yaml', hooks.replace(/^( *files: ).*$/m, (_, key) => `${key}'${docs.hookFiles()}'`));
console.log('README blocks updated');
