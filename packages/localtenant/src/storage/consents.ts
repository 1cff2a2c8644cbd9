import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/** Consent given through the consent page (user_id '' = admin consent for all users). */
export class ConsentStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Scope values of a resource the user (or an admin, for all users) consented to for a client. */
  async granted(clientId: string, userId: string, resourceAppId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('consents')
      .select('scopes')
      .where('client_id', '=', clientId.toLowerCase())
      .where('resource_app_id', '=', resourceAppId.toLowerCase())
      .where('user_id', 'in', [userId.toLowerCase(), ''])
      .execute();
    return [...new Set(rows.flatMap((r) => r.scopes.split(' ').filter(Boolean)))];
  }

  /** Adds scopes to a user's consent (union with what was there). */
  async grant(
    clientId: string,
    userId: string,
    resourceAppId: string,
    scopes: string[],
    now: number,
  ): Promise<void> {
    const existing = await this.granted(clientId, userId, resourceAppId);
    const merged = [...new Set([...existing, ...scopes])].join(' ');
    await this.db
      .insertInto('consents')
      .values({
        client_id: clientId.toLowerCase(),
        user_id: userId.toLowerCase(),
        resource_app_id: resourceAppId.toLowerCase(),
        scopes: merged,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['client_id', 'user_id', 'resource_app_id'])
          .doUpdateSet({ scopes: merged, updated_at: now }),
      )
      .execute();
  }

  /** Every consent given on the consent page (user_id '' = for all users), for display. */
  async all(): Promise<{ clientId: string; userId: string; resourceAppId: string; scopes: string[] }[]> {
    const rows = await this.db.selectFrom('consents').selectAll().orderBy('updated_at', 'desc').execute();
    return rows.map((r) => ({
      clientId: r.client_id,
      userId: r.user_id,
      resourceAppId: r.resource_app_id,
      scopes: r.scopes.split(' ').filter(Boolean),
    }));
  }
}
