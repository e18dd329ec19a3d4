// Bundles the CLI into dist/ with esbuild: one file to load makes a pre-commit scan start fast.
// Modules a small scan does not need (ora) are split into chunks loaded on demand.
import { build } from 'esbuild';

await build({
  entryPoints: { leakgate: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // commander is CommonJS: give the ESM bundle a require for its node: imports
  banner: { js: "import { createRequire as __lgCreateRequire } from 'node:module'; const require = __lgCreateRequire(import.meta.url);" },
});
