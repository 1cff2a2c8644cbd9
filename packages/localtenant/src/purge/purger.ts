import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Tenants } from '../directory/tenants.ts';
import type { Logger } from '../logger.ts';
import { PurgeStore } from '../storage/purge.ts';
import { compactSqlite, type SqliteCompaction } from '../storage/sqlite-space.ts';
import type { Storage } from '../storage/storage.ts';

/**
 * How long a row is kept after it stopped working (expired, ended): a late replay of a code or device code still
 * gets AADSTS54005, an expired refresh token still gets its precise error (AADSTS700084 for a SPA), for one day
 * (docs/fidelity.md#storage-retention).
 */
export const RETENTION_AFTER_EXPIRY_MS = 24 * 3600 * 1000;
/** Time between purge passes. */
export const PURGE_INTERVAL_MS = 10 * 60 * 1000;
/** The first pass runs this long after start (a restart after a long pause catches up soon, not at once). */
export const FIRST_PURGE_DELAY_MS = 60 * 1000;

/** Rows deleted by one pass, per table; and on SQLite, the space given back. */
export interface PurgeReport {
  authorizationCodes: number;
  refreshTokens: number;
  revokedFamilies: number;
  sessions: number;
  deviceCodes: number;
  signInFailures: number;
  consents: number;
  signingKeys: number;
  /** SQLite only, after a pass that deleted rows: pages returned to the file system, WAL truncated. */
  sqlite?: SqliteCompaction;
}

/**
 * The background purge: deletes what the server no longer honours, in batches of at most
 * {@link PurgeStore.batchSize} rows per statement with the event loop running between batches, on the server's
 * clock. What goes when (docs/fidelity.md#storage-retention):
 * - codes, device codes, refresh tokens: one day ({@link RETENTION_AFTER_EXPIRY_MS}) after their `expires_at`; a
 *   used refresh token stays until then too (it is still redeemable), and so does a revoked one;
 * - revocations of a family: one day after, once no refresh token of the family is left;
 * - SSO sessions: one day after they expired or were ended;
 * - failed-sign-in counts: once their lock has ended (the next failure would count from zero), or when the user no
 *   longer exists; a count below the threshold still counts and stays (at most one row per user);
 * - consent: when the user no longer exists in any tenant of this server nor in what Graph stored;
 * - retired signing keys: once they left the JWKS (`remove_after`: every token they signed has expired).
 */
export class Purger {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PurgeReport> | undefined;
  private stopped = false;
  private readonly store: PurgeStore;

  constructor(
    private readonly storage: Storage,
    private readonly tenants: Tenants,
    private readonly now: () => number,
    private readonly log: Logger,
    batchSize?: number,
  ) {
    this.store = new PurgeStore(storage.db, batchSize);
  }

  /** Starts the timer (unref'd: it never keeps the process alive). */
  start(firstDelayMs = FIRST_PURGE_DELAY_MS): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runOnce()
        .catch((err: unknown) => {
          this.log.log('warn', 'purge failed; retrying at the next pass', { error: (err as Error).message });
        })
        .finally(() => {
          if (!this.stopped) this.start(PURGE_INTERVAL_MS);
        });
    }, firstDelayMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass in progress (it stops at its next batch). Call before closing storage. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /**
   * Runs one purge pass now (after the one in progress, if any) and reports what it deleted. For tests: move the
   * clock, then call it instead of waiting for the timer.
   */
  async runOnce(): Promise<PurgeReport> {
    const previous = this.running?.catch(() => undefined);
    const pass = (async () => {
      await previous;
      return this.pass();
    })();
    this.running = pass;
    try {
      return await pass;
    } finally {
      if (this.running === pass) this.running = undefined;
    }
  }

  private async pass(): Promise<PurgeReport> {
    const now = this.now();
    const cutoff = now - RETENTION_AFTER_EXPIRY_MS;
    const s = this.store;
    const report: PurgeReport = {
      authorizationCodes: await this.drain(() => s.codesExpiredBefore(cutoff)),
      refreshTokens: await this.drain(() => s.refreshTokensExpiredBefore(cutoff)),
      revokedFamilies: await this.drain(() => s.revokedFamiliesWithoutTokens(cutoff)),
      sessions: await this.drain(() => s.sessionsEndedBefore(cutoff)),
      deviceCodes: await this.drain(() => s.deviceCodesExpiredBefore(cutoff)),
      signInFailures:
        (await this.drain(() => s.locksEndedBefore(now))) + (await this.purgeGoneUsers('sign_in_failures')),
      consents: await this.purgeGoneUsers('consents'),
      signingKeys: await s.retiredKeysRemovedBefore(now),
    };
    const total = Object.values(report).reduce((sum: number, n) => sum + (n as number), 0);
    if (total > 0 && !this.stopped) {
      const sqlite = await compactSqlite(this.storage.db, () => nextTurn());
      if (sqlite) report.sqlite = sqlite;
      this.log.log('info', 'purged expired rows', { ...report });
    }
    return report;
  }

  /**
   * Repeats a batch deletion while batches come back full. Between batches it pauses twice as long as the batch
   * took, so the purge takes at most a third of the event loop (better-sqlite3 runs a statement on it) and a
   * request never waits behind more than one batch.
   */
  private async drain(batch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const started = performance.now();
      const n = await batch();
      total += n;
      if (n < this.store.batchSize || this.stopped) return total;
      await sleep(Math.max(1, 2 * (performance.now() - started)));
    }
  }

  /**
   * Deletes the rows of users that exist nowhere: in no tenant of this server (tenant file and Graph writes seen
   * here) and not as a live Graph-written user in storage (another instance sharing PostgreSQL may have created it).
   */
  private async purgeGoneUsers(table: 'consents' | 'sign_in_failures'): Promise<number> {
    const known = new Set(this.tenants.all.flatMap((d) => d.users().map((u) => u.user.id.toLowerCase())));
    const unknown = (await this.store.userIdsIn(table)).filter((id) => !known.has(id.toLowerCase()));
    if (unknown.length === 0) return 0;
    const stored = await this.store.storedLiveUsers(unknown.map((id) => id.toLowerCase()));
    const gone = unknown.filter((id) => !stored.has(id.toLowerCase()));
    let total = 0;
    for (let i = 0; i < gone.length && !this.stopped; i += this.store.batchSize) {
      total += await this.store.rowsOfUsers(table, gone.slice(i, i + this.store.batchSize));
      await nextTurn();
    }
    return total;
  }
}
