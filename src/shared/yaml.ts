import type * as Yaml from 'yaml';

/**
 * The yaml module, loaded only when a YAML file is read. Why the `default` fallback: yaml is
 * CommonJS, and in the esbuild bundle its dynamic import exposes `module.exports` as `default`
 * only, so `(await import('yaml')).parse` was undefined in the built CLI while in-process tests
 * (which load the package itself) passed.
 */
export async function loadYaml(): Promise<typeof Yaml> {
  const mod = (await import('yaml')) as typeof Yaml & { default?: typeof Yaml };
  return typeof mod.parse === 'function' ? mod : mod.default!;
}
