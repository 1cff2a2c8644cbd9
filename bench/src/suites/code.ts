import type { Child } from '../harness/child.ts';
import type { BenchContext } from '../harness/context.ts';
import type { Summary } from '../harness/rounds.ts';
import type { ServerInfo } from '../servers/info.ts';

/** Placeholder until written. */
export async function benchCode(
  _ctx: BenchContext,
  _servers: Child<ServerInfo>[],
  _notes: string[],
): Promise<Summary[]> {
  return [];
}
