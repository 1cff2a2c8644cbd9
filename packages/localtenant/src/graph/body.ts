import type { Context } from 'hono';
import type { z } from 'zod';
import { GraphError } from './errors.ts';

const MAX_BODY = 64 * 1024;

/**
 * Reads a JSON request body and validates it: Graph's `BadRequest` for what is not JSON, and
 * `Request_BadRequest` naming the first invalid property (its wording for a missing or wrong value).
 */
export async function readBody<T extends z.ZodType>(
  c: Context,
  schema: T,
  resource: string,
): Promise<z.infer<T>> {
  const text = await c.req.text();
  if (text.length > MAX_BODY)
    throw new GraphError(413, 'Request_EntityTooLarge', 'The request body is too large.');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new GraphError(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const property = issue?.path.map(String).join('.') || 'body';
    throw new GraphError(
      400,
      'Request_BadRequest',
      `Invalid value specified for property '${property}' of resource '${resource}'.`,
    );
  }
  return parsed.data;
}
