import { graphErrors } from './errors.ts';

/** One `$filter` comparison this subset understands. */
export interface FilterClause {
  property: string;
  op: 'eq' | 'startswith';
  value: string;
}

/** A parsed `$filter`: clauses joined by one kind of connective. */
export interface Filter {
  join: 'and' | 'or';
  clauses: FilterClause[];
}

/** The query options of a collection request. */
export interface CollectionQuery {
  filter: Filter | undefined;
  select: string[] | undefined;
  top: number;
  skip: number;
}

const STRING = String.raw`'((?:[^']|'')*)'`;
const EQ = new RegExp(String.raw`^([A-Za-z]+)\s+eq\s+${STRING}$`);
const STARTS_GLOBAL = new RegExp(String.raw`startswith\(\s*[A-Za-z]+\s*,\s*${STRING}\s*\)`, 'gi');
const STARTS = new RegExp(String.raw`^startswith\(\s*([A-Za-z]+)\s*,\s*${STRING}\s*\)$`, 'i');

function clause(text: string, properties: ReadonlySet<string>, type: string): FilterClause {
  const t = text.trim();
  const match = EQ.exec(t) ?? STARTS.exec(t);
  if (!match?.[1] || match[2] === undefined) {
    throw graphErrors.badQuery(
      `Invalid filter clause: the subset served here takes "<property> eq '<value>'" and "startswith(<property>,'<value>')", joined by and/or.`,
    );
  }
  if (!properties.has(match[1])) throw graphErrors.noSuchProperty(match[1], type);
  return { property: match[1], op: EQ.test(t) ? 'eq' : 'startswith', value: match[2].replaceAll("''", "'") };
}

/**
 * Parses `$filter` for the common directory filters (`eq` and `startswith`, joined by `and` or `or`;
 * https://learn.microsoft.com/graph/filter-query-parameter). Anything richer is Graph's `Request_UnsupportedQuery`.
 */
export function parseFilter(
  raw: string | undefined,
  properties: ReadonlySet<string>,
  type: string,
): Filter | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (/[()]/.test(raw.replace(STARTS_GLOBAL, ''))) throw graphErrors.unsupportedQuery();
  const hasAnd = /\s+and\s+/i.test(raw);
  const hasOr = /\s+or\s+/i.test(raw);
  if (hasAnd && hasOr) throw graphErrors.unsupportedQuery();
  const join = hasOr ? 'or' : 'and';
  const parts = raw.split(hasOr ? /\s+or\s+/i : /\s+and\s+/i);
  return { join, clauses: parts.map((p) => clause(p, properties, type)) };
}

/** True when a value matches the filter (string comparisons ignore case, as Graph's directory does). */
export function matches(filter: Filter | undefined, value: (property: string) => unknown): boolean {
  if (!filter) return true;
  const test = (c: FilterClause) => {
    const v = value(c.property);
    if (typeof v !== 'string') return false;
    const a = v.toLowerCase();
    const b = c.value.toLowerCase();
    return c.op === 'eq' ? a === b : a.startsWith(b);
  };
  return filter.join === 'and' ? filter.clauses.every(test) : filter.clauses.some(test);
}

/** Parses `$select` (comma-separated property names). */
export function parseSelect(
  raw: string | undefined,
  properties: ReadonlySet<string>,
  type: string,
): string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) if (!properties.has(n)) throw graphErrors.noSuchProperty(n, type);
  return names;
}

/** Parses `$top` (1–999; Graph's default page for users is 100). */
export function parseTop(raw: string | undefined): number {
  if (raw === undefined) return 100;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 999) {
    throw graphErrors.badQuery(
      `Invalid page size specified: '${raw.slice(0, 20)}'. Must be between 1 and 999 inclusive.`,
    );
  }
  return n;
}

/** The opaque `$skiptoken` of `@odata.nextLink`: the offset of the next page. */
export function skipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

/** Reads a `$skiptoken` this server issued. */
export function parseSkipToken(raw: string | undefined): number {
  if (raw === undefined) return 0;
  try {
    const o = (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // falls through to Graph's answer for a token it did not issue
  }
  throw graphErrors.badQuery('Invalid $skiptoken value.');
}
