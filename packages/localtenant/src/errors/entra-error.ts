import { type CatalogueEntry, catalogue, type ErrorKey, formatMessage } from './catalogue.ts';

/**
 * An Entra error: thrown once at the step that found the problem and rendered in one place
 * (`renderTokenError`, the authorize error redirect, the error page).
 */
export class EntraError extends Error {
  readonly key: ErrorKey;
  readonly entry: CatalogueEntry;
  readonly description: string;
  /** Private detail for the server log; never sent to the client. */
  readonly detail: string | undefined;

  constructor(key: ErrorKey, params: Record<string, string | number> = {}, detail?: string) {
    const entry = catalogue[key];
    const description = formatMessage(entry.message, params);
    super(`AADSTS${entry.code}: ${description}`);
    this.name = 'EntraError';
    this.key = key;
    this.entry = entry;
    this.description = description;
    this.detail = detail;
  }

  get code(): number {
    return this.entry.code;
  }
  get error(): string {
    return this.entry.error;
  }
  get status(): CatalogueEntry['status'] {
    return this.entry.status;
  }
}

/** Creates an EntraError by catalogue key: `throw aadsts('codeAlreadyRedeemed')`. */
export function aadsts(key: ErrorKey, params?: Record<string, string | number>, detail?: string): EntraError {
  return new EntraError(key, params, detail);
}
