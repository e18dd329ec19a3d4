import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { PackError } from '../packs/pack-error.js';
import { EXIT, EXIT_CODES } from './exit-codes.js';
import type { Io } from './io.js';
import { toolVersion } from './version.js';
import { builtinMessageMasker, REPORT_FORMATS, runScan, type ScanFlags } from './scan-command.js';
import { DEFAULT_THREADS } from '../parallel/plan-run.js';
import type { AllowFlags } from './allow-command.js';
import type { MergeFlags } from './merge-command.js';
import type { RedactFlags } from './redact-command.js';
import type { SetupFlags } from './setup.js';
import { ConfigError } from '../shared/config-error.js';
import { CONFIDENCES, SEVERITIES, UsageError } from '../types.js';
import { visible } from '../report/visible.js';
import { nearest } from './suggest.js';

/** Runs leakgate with the given arguments (without `node leakgate`); resolves to the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.OK;
  // --debug works with every command: it adds stack traces to internal errors, and says how a
  // scan was spread over threads
  const debug = argv.includes('--debug');
  argv = argv.filter((a) => a !== '--debug');
  if (debug) io = { ...io, debug };
  const program = buildProgram(
    io,
    (code) => {
      exitCode = code;
    },
    argv[0],
  );
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.ERROR;
  }
  // scan is the default command, so a mistyped command would be read as a path to scan
  const typo = commandTypo(argv[0]!, program, io.cwd);
  if (typo) {
    io.stderr.write(`leakgate: unknown command '${visible(argv[0]!)}'; did you mean ${typo}? (see leakgate --help)\n`);
    return EXIT.ERROR;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    // an error before the command loaded its rules is masked with the built-in ones
    if (!io.mask && !(e instanceof CommanderError)) {
      const mask = await builtinMessageMasker(io.cwd);
      if (mask) io.mask = mask;
    }
    return renderError(e, io, debug);
  }
}

/**
 * Turns any failure into one readable line (a stack only with --debug) and exit code 2. The
 * message may carry a path from the bundle: findings in it are masked (once the rules are
 * loaded) and control characters escaped, so that it can neither leak nor draw on the terminal.
 */
function renderError(e: unknown, io: Io, debug: boolean): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
    // commander has already printed its one-line message
    return EXIT.ERROR;
  }
  const say = (text: string): string => visible(io.mask ? io.mask(text) : text);
  if (e instanceof UsageError || e instanceof PackError || e instanceof ConfigError) {
    io.stderr.write(`leakgate: ${say(e.message)}\n`);
  } else {
    const err = e as Error;
    io.stderr.write(`leakgate: internal error: ${say(err?.message ?? String(e))}${debug ? '' : ' (run with --debug for details)'}\n`);
  }
  if (debug && e instanceof Error && e.stack) io.stderr.write(`${say(e.stack)}\n`);
  return EXIT.ERROR;
}

const EXIT_HELP = `\nExit codes:\n${EXIT_CODES.map((c) => `  ${c.code}  ${c.meaning}`).join('\n')}\n`;
const EXAMPLES = `
Examples:
  leakgate scan ./bundle                      scan a folder (scan is the default command)
  leakgate scan ./bundle -f json -o report.json || exit 1
  cat export.csv | leakgate scan - --stdin-filename export.csv
  leakgate scan --help                        every scan option
`;

const REDACT_HELP = `
Examples:
  leakgate redact ./bundle --out ./bundle-redacted
  leakgate redact bundle.zip --out bundle-redacted.zip

The copy keeps each file's structure, delimiter, quoting, encoding (UTF-8 with or without BOM,
UTF-16, Windows-1252) and line endings; a file without findings is copied byte for byte. A column,
key or attribute whose name is a finding stays, with its values redacted, and then is no finding;
--drop-sensitive-fields removes such CSV columns and JSON keys instead. The input is never
written to. Every file is scanned, whatever --include/--exclude the config has; binary files
cannot be, and are left out of the copy (exit 2).
A .zip or .gz input is copied into a new .zip or .gz file (--out must not exist); zips and .gz
files inside a folder or a zip become archives of the same name in the copy. Entries keep their
names, order, times and folders; zip and gzip comments are not scanned, so not copied. An archive
is written whole or not at all: a corrupt one, a bomb, an encrypted entry or a file in it that
cannot be redacted leaves it out (exit 2), with nothing half-written behind.
The copy is then scanned where it lies by leakgate scan itself, with the same packs and config.

Exit codes:
  ${EXIT.OK}  the copy was written and leakgate scan on it passes
  ${EXIT.FINDINGS}  leakgate scan on the copy still fails (its findings listed)
  ${EXIT.ERROR}  usage, config or pack error, --out inside the input, not empty or existing, or a file that
     could not be read, redacted or written (left out of the copy)
`;

/** The commands, by name, in the order --help lists them. */
const COMMANDS = ['scan', 'packs', 'merge', 'explain', 'baseline', 'redact', 'init', 'allow'] as const;

// Only scan is loaded up front: the other commands' modules load when they run, so that a
// pre-commit scan does not pay for redaction, zip writing or pack linting. When the first argument
// names a command, only that command is made (issue 16: making the other seven and their 80
// options cost a one-file scan about 2 M instructions): what it parses, its help and its errors
// are its own, whatever its siblings are. Any other first argument (a path for the default scan,
// an option, help, a typo) gets them all, for the program's help and its suggestions.
function buildProgram(io: Io, setExit: (code: number) => void, first: string | undefined): Command {
  const only = COMMANDS.find((c) => c === first);
  const wanted = (name: (typeof COMMANDS)[number]): boolean => only === undefined || only === name;
  const program = new Command('leakgate');
  program
    .description('Stops personal data before it is published: scans an upload bundle for UK personal data and fails the upload.')
    .version(toolVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // commander puts its "(Did you mean --format?)" on a line of its own: one line here
      outputError: (s, write) => write(`leakgate: ${visible(s.replace(/^error: /, '').trimEnd().replace(/\n\(Did you mean (.*)\?\)$/, '; did you mean $1?'))} (see leakgate --help)\n`),
    })
    .showSuggestionAfterError(true)
    // a fixed width keeps --help identical everywhere (the README quotes it, and a test compares)
    .configureHelp({ helpWidth: 100 })
    .addHelpText('after', EXAMPLES + EXIT_HELP);

  if (wanted('scan')) {
    program
      .command('scan', { isDefault: true })
      .configureHelp({ helpWidth: 100 })
      .description('scan files, folders, globs or - (standard input) and report personal data')
      .argument('[paths...]', 'files, folders, globs, or - for standard input (default: the current folder)')
      .addOption(choiceOption('-f, --format <format>', 'report format, in any case (default: text, or from the -o extension)', REPORT_FORMATS))
      .option('-o, --output <file>', 'write the report to a file, or - for standard output (the verdict then goes to stderr); never changes the exit code')
      .addOption(choiceOption('--fail-on <severity>', 'lowest severity that fails the run (default: low)', [...SEVERITIES, 'none']))
      .addOption(new Option('--exit-code <n>', 'the exit code when findings fail the run (default: 1); 0 to 255, never 2, which is an error').argParser(parseExitCode))
      .addOption(choiceOption('--min-confidence <level>', 'leave out findings below this confidence (default: low)', CONFIDENCES))
      .option('-c, --config <file>', 'config file (default: .leakgate.json, .leakgate.yaml or package.json "leakgate", found from the current folder up to the git root)')
      .option('-p, --pack <name|path>', 'add a pack: a built-in id, a pack file or a folder of packs (repeatable)', collect)
      .option('--no-default-packs', 'use only the packs named with --pack')
      .option('--include <glob>', 'scan only files matching this glob (repeatable)', collect)
      .option('--exclude <glob>', 'skip files matching this glob (repeatable)', collect)
      .option('--stdin-filename <name>', 'name (and so format) of standard input, e.g. export.csv')
      .option('--baseline <file>', 'suppress the findings recorded in this baseline (leakgate baseline create); report only new ones')
      .option('--staged', 'scan what is staged in the git index (pre-commit): the staged content, not the working tree; paths narrow it')
      .option('--show-values', 'print unmasked values (the report then holds personal data)')
      .option('--verbose', 'say why each finding fired: rule, validator, keyword, field name')
      .option('-q, --quiet', 'print only the verdict line, on stderr (a -f json, sarif… report still goes to stdout or -o)')
      .option('--no-progress', 'no spinner, even on a terminal')
      .option('--color', 'force colour')
      .option('--no-color', 'no colour (NO_COLOR and FORCE_COLOR are honoured too)')
      .option('--max-file-size <size>', 'a bigger file is an error, not skipped (default: 8GiB)')
      .option('-j, --jobs <n>', `threads that scan (default: 1 per core, ${DEFAULT_THREADS} at most; most: 1 per core); runs under 16 MiB: 1`, parsePositive)
      // for tests and benchmarks: how large a run or a file part must be to use the threads
      .addOption(new Option('--parallel-min-bytes <n>').argParser(parseCount).hideHelp())
      .addOption(new Option('--part-bytes <n>').argParser(parseCount).hideHelp())
      .option('--shard <K/N>', 'scan only the K-th of N shards of the files (split by a hash of each path); a JSON report for leakgate merge')
      .option('--debug', 'show stack traces of internal errors (any command), and how the scan used threads')
      .addHelpText('after', EXIT_HELP)
      .action(async (paths: string[], flags: ScanFlags) => {
        setExit(await runScan(pathsOrDefault(paths, flags.staged, io), flags, io));
      });
  }

  if (wanted('packs')) {
    const packs = program.command('packs').description('list, show, test and lint pattern packs');
    packs
      .command('list')
      .description('the packs in use: id, version, counts, source')
      .option('-p, --pack <name|path>', 'add a pack (repeatable)', collect)
      .option('--no-default-packs', 'only the packs named with --pack')
      .option('-c, --config <file>', 'config file')
      .action(async (flags: SetupFlags) => {
        setExit(await (await import('./packs-command.js')).runPacksList(flags, io));
      });
    packs
      .command('show')
      .description("a pack's description, rules, field names, allowances and shapes")
      .argument('<id>', 'a pack id (see packs list)')
      .option('-p, --pack <name|path>', 'add a pack (repeatable)', collect)
      .option('-c, --config <file>', 'config file')
      .action(async (id: string, flags: SetupFlags) => {
        setExit(await (await import('./packs-command.js')).runPacksShow(id, flags, io));
      });
    packs
      .command('test')
      .description("run every rule's examples (exit 1 if one fails)")
      .argument('[packs...]', 'built-in ids, pack files or folders (default: the built-in packs)')
      .action(async (specs: string[]) => {
        setExit(await (await import('./packs-command.js')).runPacksTest(specs, io));
      });
    packs
      .command('lint')
      .description('check packs: schema, duplicate ids, catastrophic patterns, missing examples, examples two categories claim (exit 1 on a problem)')
      .argument('[packs...]', 'built-in ids, pack files or folders (default: the built-in packs)')
      .action(async (specs: string[]) => {
        setExit(await (await import('./packs-command.js')).runPacksLint(specs, io));
      });

    packs
      .command('export-regex')
      .description("print every rule's pattern, one per line, for ripgrep (rg -f FILE) — to compare speed")
      .option('--pcre2', 'keep look-arounds and back-references (for rg -P); default: ripgrep\'s own engine')
      .option('--explain', 'say on stderr what each pattern lost in translation')
      .option('-p, --pack <name|path>', 'add a pack (repeatable)', collect)
      .option('--no-default-packs', 'only the packs named with --pack')
      .option('-c, --config <file>', 'config file')
      .action(async (flags: SetupFlags & { pcre2?: boolean; explain?: boolean }) => {
        setExit(await (await import('./packs-command.js')).runExportRegex(flags, io));
      });
  }

  if (wanted('merge')) {
    program
      .command('merge')
      .description('one report and one exit code from the JSON reports of every shard of a run (scan --shard K/N)')
      .argument('<reports...>', 'the JSON report of each shard, e.g. shard-*.json')
      .addOption(choiceOption('-f, --format <format>', 'report format, in any case (default: text, or from the -o extension)', REPORT_FORMATS))
      .option('-o, --output <file>', 'write the report to a file, or - for standard output (the verdict then goes to stderr)')
      .addOption(choiceOption('--fail-on <severity>', "lowest severity that fails the run (default: the shards' own)", [...SEVERITIES, 'none']))
      .addOption(new Option('--exit-code <n>', 'the exit code when findings fail the run (default: 1)').argParser(parseExitCode))
      .option('-q, --quiet', 'print only the verdict line, on stderr')
      .option('--color', 'force colour')
      .option('--no-color', 'no colour')
      .addHelpText('after', EXIT_HELP)
      .action(async (reports: string[], flags: MergeFlags) => {
        setExit(await (await import('./merge-command.js')).runMerge(reports, flags, io));
      });
  }

  if (wanted('explain')) {
    program
      .command('explain')
      .description('what a rule finds, why it matters, and its examples; or which rules report a category')
      .argument('<rule-or-category>', 'a rule, field-name rule, allow entry or shape id (or a former id), e.g. uk-identifiers.nino; or a category, e.g. nino')
      .option('-p, --pack <name|path>', 'add a pack (repeatable)', collect)
      .option('-c, --config <file>', 'config file')
      .action(async (name: string, flags: SetupFlags) => {
        setExit(await (await import('./explain-command.js')).runExplain(name, flags, io));
      });
  }

  if (wanted('baseline')) {
    const baseline = program.command('baseline').description('accept the current findings, so that scans report only new ones');
    for (const mode of ['create', 'update'] as const) {
      baseline
        .command(mode)
        .description(mode === 'create' ? 'scan and record every finding as a keyed hash (a new random key)' : 'scan again and rewrite the baseline, keeping its key')
        .argument('[paths...]', 'what to scan (default: the current folder)')
        .requiredOption('-o, --output <file>', 'the baseline file, e.g. .leakgate-baseline.json')
        .option('-c, --config <file>', 'config file')
        .option('-p, --pack <name|path>', 'add a pack (repeatable)', collect)
        .option('--no-default-packs', 'only the packs named with --pack')
        .option('--include <glob>', 'scan only files matching this glob (repeatable)', collect)
        .option('--exclude <glob>', 'skip files matching this glob (repeatable)', collect)
        .option('--staged', 'record what is staged in the git index')
        .action(async (paths: string[], flags: ScanFlags & { output: string }) => {
          setExit(await (await import('./baseline-command.js')).runBaseline(mode, pathsOrDefault(paths, flags.staged, io), { ...flags, progress: false }, io));
        });
    }

  }

  if (wanted('redact')) {
    program
      .command('redact')
      .description('write a sanitised copy of a bundle: values that are findings become [REDACTED:<category>]')
      .argument('<path>', 'a folder, a file, or a .zip or .gz file')
      .requiredOption('-o, --out <dir|file>', 'a new or empty folder for the copy, outside the input; for a .zip or .gz input, a new file of that kind')
      .option('--drop-sensitive-fields', 'remove CSV columns and JSON keys whose name is a finding (e.g. "Victim name"), instead of keeping them with their values redacted')
      .option('-c, --config <file>', 'config file')
      .option('-p, --pack <name|path>', 'add a pack (repeatable)', collect)
      .option('--no-default-packs', 'only the packs named with --pack')
      .option('--color', 'force colour')
      .option('--no-color', 'no colour')
      .addHelpText('after', REDACT_HELP)
      .action(async (input: string, flags: RedactFlags) => {
        setExit(await (await import('./redact-command.js')).runRedact(input, flags, io));
      });
  }

  if (wanted('init')) {
    program
      .command('init')
      .description('write a starter .leakgate.json and show how to hook leakgate into commits')
      .option('--hook', 'also install .git/hooks/pre-commit (refuses to overwrite one)')
      .option('--force', 'overwrite an existing .leakgate.json')
      .action(async (flags: { hook?: boolean; force?: boolean }) => {
        setExit(await (await import('./init-command.js')).runInit(flags, io));
      });
  }

  if (wanted('allow')) {
    const allow = program.command('allow').description('values the project publishes on purpose');
    allow
      .command('add')
      .description('allow a value (stored in the config as a keyed hash, never as text); "-" reads it from standard input')
      .argument('<value>', 'the value, or - to read it from standard input (keeps it out of shell history)')
      .option('--category <category>', 'its category (default: the one leakgate finds in it)')
      .option('--note <text>', 'why it is allowed')
      .option('-c, --config <file>', 'config file to write (default: the one found, or a new .leakgate.json)')
      .action(async (value: string, flags: AllowFlags) => {
        const v = value === '-' ? await readStdin(io) : value;
        setExit(await (await import('./allow-command.js')).runAllowAdd(v, flags, io));
      });
  }

  return program;
}

/**
 * The paths to scan: those given, or the current folder. With no path while something is piped
 * into standard input (`cat x.csv | leakgate scan`), the run is refused rather than guessed: scanning
 * the folder would ignore the pipe, and scanning the pipe would make a job whose standard input
 * happens to be an empty pipe pass without looking at the folder it meant. `-` or `.` says which.
 */
function pathsOrDefault(paths: string[], staged: boolean | undefined, io: Io): string[] {
  if (paths.length > 0 || staged) return paths;
  if (io.stdinPiped) {
    throw new UsageError('standard input is a pipe or a file, but no path was given: pass - to scan standard input (with --stdin-filename NAME for its format), or . to scan the current folder');
  }
  return ['.'];
}

async function readStdin(io: Io): Promise<string> {
  if (!io.stdin) throw new UsageError('standard input is not available');
  let text = '';
  for await (const chunk of io.stdin()) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
  return text.replace(/\r?\n$/, '');
}

/**
 * The command a first argument that is neither a command nor an existing path was meant to be
 * (`scna` → scan), or undefined: then it is a path, and scan says whether it exists.
 */
function commandTypo(first: string, program: Command, cwd: string): string | undefined {
  if (!/^[a-z][a-z-]*$/i.test(first)) return undefined;
  const names = ['help', ...program.commands.flatMap((c) => [c.name(), ...c.aliases()])];
  if (names.includes(first) || existsSync(path.resolve(cwd, first))) return undefined;
  return nearest(first, names);
}

/** An option with fixed choices that takes them in any case (`-f JSON`, `--fail-on High`). */
function choiceOption(flags: string, description: string, choices: readonly string[]): Option {
  return new Option(flags, description).choices(choices).argParser((value: string) => {
    const v = value.toLowerCase();
    if (!choices.includes(v)) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
    return v;
  });
}

/** --exit-code: a code a shell can see (0-255), and never 2, which says the scan itself failed. */
function parseExitCode(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 255) throw new InvalidArgumentError('expected a whole number from 0 to 255.');
  if (n === EXIT.ERROR) throw new InvalidArgumentError(`${EXIT.ERROR} means the scan itself failed (an unreadable file, a bad pack): give findings another code.`);
  return n;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return (previous ?? []).concat(value);
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs must be a whole number of 1 or more (got ${value})`);
  return n;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`expected a whole number of bytes, 1 or more (got ${value})`);
  return n;
}
