import { type LoadedConfig, loadConfig } from '../config/load-config.js';
import { loadRuleset } from '../packs/load-ruleset.js';
import { checkUserPacks } from './check-pack.js';
import type { Ruleset } from '../types.js';
import type { Io } from './io.js';

export interface SetupFlags {
  config?: string;
  pack?: string[];
  defaultPacks?: boolean;
}

export interface Setup {
  config: LoadedConfig;
  ruleset: Ruleset;
}

/**
 * Loads the configuration (--config, else LEAKGATE_CONFIG, else found from the cwd up to the project root) and the ruleset it and the
 * flags ask for. Flags win over the config: --pack adds to its packs, --no-default-packs turns
 * the built-in packs off whatever it says.
 */
export async function setup(io: Io, flags: SetupFlags): Promise<Setup> {
  // LEAKGATE_CONFIG names the config where no --config does (a CI job's variable)
  const config = await loadConfig(io.cwd, flags.config ?? (io.env.LEAKGATE_CONFIG || undefined), flags.config ? undefined : 'LEAKGATE_CONFIG');
  const c = config.config;
  const opts: Parameters<typeof loadRuleset>[0] = {
    cwd: io.cwd,
    packs: flags.pack ?? [],
    configPacks: { specs: c.packs ?? [], dir: config.dir },
    defaultPacks: flags.defaultPacks === false ? false : c.defaultPacks ?? true,
    disable: c.disable ?? [],
    severity: c.severity ?? {},
  };
  if (c.allow) opts.allow = { config: c.allow, file: config.file ?? 'config' };
  if (config.file) opts.configName = config.kind === 'package.json' ? `${config.file} "leakgate"` : config.file;
  const ruleset = await loadRuleset(opts);
  await checkUserPacks(ruleset);
  return { config, ruleset };
}
