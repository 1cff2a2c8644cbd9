import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { tokenHash } from '../codes/issue.ts';
import type { ServerContext } from '../context.ts';
import type { RegisteredApp } from '../directory/directory.ts';

/** Letters and digits a person reads off a screen without confusing them (no I, O, 0, 1). */
const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Entra's user codes are 8 or 9 upper-case characters (`BPPVYQZMA`); ours are 9 (docs/fidelity.md#device-code). */
const USER_CODE_LENGTH = 9;

/** The path of the page where the user enters the code (Entra: https://microsoft.com/devicelogin). */
export const DEVICE_LOGIN_PATH = '/devicelogin';

/** A new user code. */
export function newUserCode(): string {
  let code = '';
  for (let n = 0; n < USER_CODE_LENGTH; n++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

/** The user code as typed, compared without case, spaces or dashes. */
export function normalizeUserCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').slice(0, 32);
}

/** The hash a user code is stored under. */
export function userCodeHash(userCode: string): string {
  return tokenHash(`user_code|${normalizeUserCode(userCode)}`);
}

/** What `/devicecode` answers, before the version-specific shape. */
export interface DeviceAuthorization {
  userCode: string;
  deviceCode: string;
  verificationUri: string;
  expiresIn: number;
  interval: number;
  /** Entra's sentence (observed): "To sign in, use a web browser to open the page … and enter the code … to authenticate." */
  message: string;
}

/**
 * Starts a device authorization (RFC 8628 §3.2): a long device code for the polling client, a short user code for
 * the person, both stored as hashes only, pending until the user decides on the device page.
 */
export async function startDeviceAuthorization(
  ctx: ServerContext,
  request: { client: RegisteredApp; tenantId: string; scopes: string[]; origin: string },
): Promise<DeviceAuthorization> {
  const userCode = newUserCode();
  const deviceCode = `DAQAB${randomBytes(48).toString('base64url')}`;
  const now = ctx.now();
  const { deviceCodeLifetimeSeconds, deviceCodeIntervalSeconds } = ctx.directory.settings;
  await ctx.storage.deviceCodes.insert({
    device_code_hash: tokenHash(deviceCode),
    user_code_hash: userCodeHash(userCode),
    client_id: request.client.app.appId.toLowerCase(),
    tenant_id: request.tenantId,
    scopes: request.scopes.join(' '),
    family_id: randomUUID(),
    created_at: now,
    expires_at: now + deviceCodeLifetimeSeconds * 1000,
  });
  const verificationUri = `${request.origin}${DEVICE_LOGIN_PATH}`;
  return {
    userCode,
    deviceCode,
    verificationUri,
    expiresIn: deviceCodeLifetimeSeconds,
    interval: deviceCodeIntervalSeconds,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
  };
}
