/** Log levels, most to least severe. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** A structured logger. Never pass secrets, passwords, codes or tokens in `fields`. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

const order: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** JSON lines on stderr at or above `level`; `silent` logs nothing. */
export function createLogger(level: LogLevel | 'silent' = 'info'): Logger {
  return {
    log(l, message, fields) {
      if (level === 'silent' || order[l] > order[level]) return;
      process.stderr.write(
        `${JSON.stringify({ time: new Date().toISOString(), level: l, msg: message, ...fields })}\n`,
      );
    },
  };
}
