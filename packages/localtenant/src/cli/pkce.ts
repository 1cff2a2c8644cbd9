import { generatePkce } from '../pkce/pkce.ts';
import { defineCommand } from './command.ts';

/** `localtenant pkce`: a code verifier and its S256 challenge, for building an authorize URL by hand. */
export const pkceCommand = defineCommand({
  name: 'pkce',
  summary: 'print a PKCE code verifier and its S256 challenge',
  synopsis: '',
  options: {},
  run() {
    const { verifier, challenge } = generatePkce();
    process.stdout.write(
      `code_verifier=${verifier}\ncode_challenge=${challenge}\ncode_challenge_method=S256\n`,
    );
    return 0;
  },
});
