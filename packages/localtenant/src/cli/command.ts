/** One option, as `node:util` `parseArgs` takes it. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
}

/** The option descriptors of a command. */
export type OptionSpecs = Record<string, OptionSpec>;

/** The parsed values of a command's options: strings, or booleans for `type: 'boolean'` options. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean'
    ? boolean
    : O[K]['type'] extends 'string'
      ? string
      : string | boolean;
};

/**
 * One CLI command: a file in src/cli/ exporting a `Command`, plus one entry in the table in commands.ts.
 * main.ts parses the options strictly (an unknown one exits 2 with the usage), answers `--help` and runs it.
 */
export interface Command<O extends OptionSpecs = OptionSpecs> {
  /** The words that select the command, e.g. `start` or `keys rotate`. */
  readonly name: string;
  /** One line for the general usage. */
  readonly summary: string;
  /** What follows the name in the usage line, e.g. `[--tenant FILE] [--port 8443]`. */
  readonly synopsis: string;
  /** Extra help lines shown by `localtenant <command> --help` (options explained, examples). */
  readonly details?: string;
  /** The options it accepts (`--help` is added to every command). */
  readonly options: O;
  /** The most positional arguments it takes after its name (default 0). */
  readonly maxPositionals?: number;
  /** Runs the command; the number returned is the exit code (default 0). */
  run(values: OptionValues<O>, positionals: string[]): Promise<number | undefined> | number | undefined;
}

/** Declares a command with its option types inferred from its option descriptors. */
export function defineCommand<const O extends OptionSpecs>(command: Command<O>): Command<O> {
  return command;
}

/** Options several commands share. */
export const commonOptions = {
  tenant: { type: 'string' },
  'data-dir': { type: 'string' },
  postgres: { type: 'string' },
  'postgres-schema': { type: 'string' },
} as const satisfies OptionSpecs;

/**
 * `--postgres URL` and `--postgres-schema NAME` (else `$LOCALTENANT_POSTGRES` and `$LOCALTENANT_POSTGRES_SCHEMA`,
 * which keep the URL's password out of the process list) as `start()` takes them: `{ postgres }`, or `{}` for
 * SQLite. The schema is created if missing; several instances may start on it at once.
 */
export function postgresOption(options: {
  postgres?: string | undefined;
  'postgres-schema'?: string | undefined;
}): { postgres?: { connectionString: string; schema?: string } } {
  const url = options.postgres ?? (process.env.LOCALTENANT_POSTGRES || undefined);
  const schema = options['postgres-schema'] ?? (process.env.LOCALTENANT_POSTGRES_SCHEMA || undefined);
  if (schema !== undefined && !url)
    throw new Error('--postgres-schema needs --postgres URL (or $LOCALTENANT_POSTGRES)');
  if (!url) return {};
  return { postgres: { connectionString: url, ...(schema !== undefined ? { schema } : {}) } };
}
