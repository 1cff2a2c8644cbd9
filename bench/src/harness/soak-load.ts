/** What the soak's runner (`suites/soak.ts`) and its load process (`harness/soak-worker.ts`) exchange. */

/** What the soak's load needs to know about the server. */
export interface SoakTarget {
  tokenUrl: string;
  authorizeUrl: string;
  discoveryUrl: string;
  jwksUrl: string;
  ccBody: string;
  codeForm: Record<string, string>;
}

/** The kinds of request timed, one column each. */
export const KINDS = ['cc', 'authorize', 'redeem', 'refresh', 'sign-in', 'metadata'] as const;
export type Kind = (typeof KINDS)[number];

/** One interval's figures (latencies in milliseconds). */
export interface SoakInterval {
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  byKind: Record<Kind, { n: number; p99: number }>;
  /** The first few distinct failures of the interval, for the log. */
  failures: string[];
}
