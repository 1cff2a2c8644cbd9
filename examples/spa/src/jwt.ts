/** A JWT split into its decoded header and payload (the signature is the API's business, not the SPA's). */
export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

function decodeSegment(segment: string): Record<string, unknown> {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/** Decodes a compact JWT for display; returns undefined for anything that is not one. */
export function decodeJwt(token: string | undefined): DecodedJwt | undefined {
  const [header, payload] = token?.split('.') ?? [];
  if (!header || !payload) return undefined;
  try {
    return { header: decodeSegment(header), payload: decodeSegment(payload) };
  } catch {
    return undefined;
  }
}
