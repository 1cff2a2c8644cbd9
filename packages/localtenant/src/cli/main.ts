import { parseArgs } from 'node:util';
import { TenantFileError } from '../directory/load.ts';
import type { Command } from './command.ts';
import { COMMANDS } from './commands.ts';
import { packageVersion } from './version.ts';

const HEADER = 'localtenant: a Microsoft Entra ID-compatible identity platform on localhost';

function usageLine(c: Command): string {
  return `localtenant ${c.name}${c.synopsis ? ` ${c.synopsis}` : ''}`;
}

function generalUsage(): string {
  const lines = COMMANDS.map((c) => `  ${usageLine(c)}\n      ${c.summary}`);
  return `${HEADER}\n\nUsage:\n${lines.join('\n')}\n\n  localtenant <command> --help     details of one command\n  localtenant --version\n`;
}

function commandUsage(c: Command): string {
  return `Usage: ${usageLine(c)}\n\n${c.summary}\n${c.details ? `\n${c.details.trimEnd()}\n` : ''}`;
}

/** The command whose name words start the positionals (longest name first, so `keys rotate` beats `keys`). */
function findCommand(words: string[]): Command | undefined {
  const byLength = [...COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  return byLength.find((c) => c.name.split(' ').every((w, i) => words[i] === w));
}

/** Refuses the input: one line naming the problem, then the usage; exit code 2. */
function refuse(message: string, usage: string): number {
  process.stderr.write(`localtenant: ${message}\n\n${usage}`);
  return 2;
}

/** A one-line reason from a `parseArgs` error (Node's messages carry advice over several sentences). */
function parseErrorMessage(err: Error & { code?: string }): string {
  const quoted = /'([^']+)'/.exec(err.message)?.[1];
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${quoted ?? err.message}`;
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument "${quoted}"`;
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return err.message.split('\n')[0] ?? err.message;
  throw err;
}

async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(generalUsage());
    return 0;
  }
  if (first === undefined) return refuse('a command is needed', generalUsage());
  if (first.startsWith('-')) return refuse(`unknown option ${first}`, generalUsage());
  const firstOption = argv.findIndex((a) => a.startsWith('-'));
  const words = firstOption === -1 ? argv : argv.slice(0, firstOption);
  const command = findCommand(words);
  if (!command) return refuse(`unknown command "${words.slice(0, 2).join(' ')}"`, generalUsage());
  const rest = argv.slice(command.name.split(' ').length);
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: true,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
    }) as typeof parsed;
  } catch (err) {
    return refuse(`${command.name}: ${parseErrorMessage(err as Error)}`, commandUsage(command));
  }
  if (parsed.values.help) {
    process.stdout.write(commandUsage(command));
    return 0;
  }
  const extra = parsed.positionals[command.maxPositionals ?? 0];
  if (extra !== undefined)
    return refuse(`${command.name}: unexpected argument "${extra}"`, commandUsage(command));
  return (await command.run(parsed.values, parsed.positionals)) ?? 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  const message = err instanceof TenantFileError ? err.message : `localtenant: ${(err as Error).message}`;
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}
