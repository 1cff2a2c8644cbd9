import type { IncomingMessage } from 'node:http';
import { aadsts } from '../errors/entra-error.ts';

/** The largest form body accepted (Entra rejects oversized requests; MSAL's bodies are a few kilobytes). */
export const MAX_FORM_BYTES = 256 * 1024;

/** Form parameters with single values (duplicates are refused at parse time). */
export type FormParams = ReadonlyMap<string, string>;

/**
 * Reads a Node request body up to `limit` bytes. Reading Node's stream directly spares the web `Request` and
 * `ReadableStream` that @hono/node-server would otherwise build for every token request. Past the limit the
 * rest is drained, not buffered, and the client still gets its answer.
 */
function readIncoming(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        incoming.resume();
        reject(aadsts('requestTooLarge'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = () => {
      cleanup();
      reject(aadsts('malformedRequest', {}, 'the request body was cut off'));
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
  });
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw aadsts('malformedRequest', {}, 'body is not UTF-8');
  }
}

/** Reads the body up to `limit` bytes; larger bodies are refused without reading them whole. */
async function readLimited(request: Request, limit: number, incoming?: IncomingMessage): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw aadsts('requestTooLarge');
  if (incoming) return decodeUtf8(await readIncoming(incoming, limit));
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw aadsts('requestTooLarge');
    }
    chunks.push(value);
  }
  return decodeUtf8(Buffer.concat(chunks));
}

/**
 * Parses an `application/x-www-form-urlencoded` POST body. Refuses another content type, a body over MAX_FORM_BYTES,
 * broken percent-encoding and a parameter given twice (Entra's 2019 change, docs/fidelity.md#token-endpoint).
 */
export async function parseForm(request: Request, incoming?: IncomingMessage): Promise<FormParams> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw aadsts('wrongContentType');
  const text = await readLimited(request, MAX_FORM_BYTES, incoming);
  if (/%(?![0-9a-f]{2})/i.test(text)) throw aadsts('malformedRequest', {}, 'broken percent-encoding');
  let entries: [string, string][];
  try {
    entries = [...new URLSearchParams(text)];
  } catch {
    throw aadsts('malformedRequest');
  }
  const params = new Map<string, string>();
  for (const [name, value] of entries) {
    if (params.has(name)) throw aadsts('duplicateParameter', { name });
    params.set(name, value);
  }
  return params;
}

/** A required parameter, or AADSTS900144 naming it. */
export function required(params: FormParams, name: string): string {
  const value = params.get(name);
  if (value === undefined || value === '') throw aadsts('missingParameter', { name });
  return value;
}
