/** The exit code of a process ended by a signal, as shells report it: 128 + the signal's number. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** The signals that stop a server: Ctrl-C, and what `docker stop`, systemd and Kubernetes send. */
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/**
 * A repeat within this time is the same Ctrl-C: the terminal signals `npm`/`npx` and the server alike, and npm
 * forwards its copy to the server too.
 */
const SAME_SIGNAL_WINDOW_MS = 1_000;

/**
 * On the first SIGINT or SIGTERM runs `stop` (a graceful stop) and exits with the code it resolves to (1 if it
 * fails). A second signal at least a second later exits at once with 130 (SIGINT) or 143 (SIGTERM); one sooner is
 * taken for a copy of the first (docs/fidelity.md#shutdown).
 */
export function stopOnSignals(stop: (signal: StopSignal) => Promise<number>): void {
  let firstAt: number | undefined;
  const onSignal = (signal: StopSignal) => {
    if (firstAt !== undefined) {
      if (performance.now() - firstAt >= SAME_SIGNAL_WINDOW_MS) process.exit(SIGNAL_EXIT_CODES[signal]);
      return;
    }
    firstAt = performance.now();
    stop(signal).then(
      (code) => process.exit(code),
      (error: unknown) => {
        process.stderr.write(`localtenant: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]) process.on(signal, onSignal);
}
