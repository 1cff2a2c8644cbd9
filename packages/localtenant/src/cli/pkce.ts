import { generatePkce } from '../pkce/pkce.ts';

/** `localtenant pkce`: a code verifier and its S256 challenge, for building an authorize URL by hand. */
export function pkceCommand(): void {
  const { verifier, challenge } = generatePkce();
  process.stdout.write(
    `code_verifier=${verifier}\ncode_challenge=${challenge}\ncode_challenge_method=S256\n`,
  );
}
