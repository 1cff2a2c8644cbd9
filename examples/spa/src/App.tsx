import { AuthError, InteractionStatus } from '@azure/msal-browser';
import { useMsal } from '@azure/msal-react';
import { useEffect, useState } from 'react';
import { ApiPanel } from './ApiPanel.tsx';
import { type ApiAnswer, callApi } from './api.ts';
import { loginRequest, settings } from './config.ts';
import { GraphPanel } from './GraphPanel.tsx';
import { type GraphAnswer, readGraphProfile } from './graph.ts';
import { hintFor } from './hints.ts';
import { RolesPanel } from './RolesPanel.tsx';
import { TokenPanel } from './TokenPanel.tsx';
import { type ApiToken, acquireApiToken, renewWithRefreshToken, type TokenSource } from './tokens.ts';

const SOURCE_TEXT: Record<TokenSource, string> = {
  cache: "Access token from MSAL's cache",
  network: 'Access token renewed silently over the network',
  interaction: 'Access token obtained interactively',
};

function describe(error: unknown): string {
  if (error instanceof AuthError) {
    const hint = hintFor(error.errorCode);
    return `${error.errorCode}: ${error.errorMessage}${hint ? ` — ${hint}` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The example SPA: sign in, see both tokens side by side, call the API, sign out. */
export function App() {
  const { instance, accounts, inProgress } = useMsal();
  const account = instance.getActiveAccount() ?? accounts[0] ?? null;
  const [token, setToken] = useState<ApiToken>();
  const [answer, setAnswer] = useState<ApiAnswer>();
  const [profile, setProfile] = useState<GraphAnswer>();
  const [error, setError] = useState<string>();
  // Counts finished button actions (success or failure): lets a test, or a curious reader, see one completed.
  const [actionsDone, setActionsDone] = useState(0);

  // Once signed in (popup, redirect or a returning session), show the tokens MSAL already holds.
  useEffect(() => {
    if (!account || token || inProgress !== InteractionStatus.None) return;
    acquireApiToken(instance, account).then(setToken, (e: unknown) => setError(describe(e)));
  }, [account, token, inProgress, instance]);

  const run = (action: () => Promise<void>) => () => {
    setError(undefined);
    action()
      .catch((e: unknown) => setError(describe(e)))
      .finally(() => setActionsDone((n) => n + 1));
  };

  const signInPopup = run(async () => {
    const result = await instance.loginPopup(loginRequest);
    instance.setActiveAccount(result.account);
    setToken({ result, source: 'interaction' });
  });
  const signInRedirect = run(() => instance.loginRedirect(loginRequest));
  const callWithAccessToken = run(async () => {
    if (!account) return;
    const fresh = await acquireApiToken(instance, account);
    setToken(fresh);
    setAnswer(await callApi('/secure-data', fresh.result.accessToken, 'access token'));
  });
  const callEditorRoute = run(async () => {
    if (!account) return;
    const fresh = await acquireApiToken(instance, account);
    setToken(fresh);
    setAnswer(await callApi('/editor-data', fresh.result.accessToken, 'access token'));
  });
  const callWithIdToken = run(async () => {
    const idToken = token?.result.idToken || account?.idToken;
    if (idToken) setAnswer(await callApi('/secure-data', idToken, 'ID token'));
  });
  // SPA → API → Graph: the API exchanges this access token for a Graph token (on-behalf-of) and reads /me.
  const callApiThatCallsGraph = run(async () => {
    if (!account) return;
    const fresh = await acquireApiToken(instance, account);
    setToken(fresh);
    setAnswer(await callApi('/graph-profile', fresh.result.accessToken, 'access token'));
  });
  const showGraphProfile = run(async () => {
    if (account) setProfile(await readGraphProfile(instance, account));
  });
  const renew = run(async () => {
    if (account) setToken(await renewWithRefreshToken(instance, account));
  });
  const signOut = run(() => instance.logoutRedirect({ account }));
  const signOutHere = run(async () => {
    await instance.clearCache({ account });
    instance.setActiveAccount(null);
    setToken(undefined);
    setAnswer(undefined);
    setProfile(undefined);
  });

  return (
    <main data-actions-done={actionsDone}>
      <header>
        <h1>localtenant example SPA</h1>
        <p className="muted">
          Authority <code>{settings.authority}</code> · API <code>{settings.apiUrl}</code>
        </p>
      </header>
      {error && (
        <p role="alert" data-testid="auth-error">
          {error}
        </p>
      )}
      {!account ? (
        <section aria-label="Signed out">
          <p data-testid="signed-out">You are signed out.</p>
          <p className="muted">
            Sign in as a demo user (npm start prints them), e.g. adele@contoso.onmicrosoft.com. The first
            sign-in asks you to consent to the API's scope.
          </p>
          <button type="button" onClick={signInPopup} disabled={inProgress !== InteractionStatus.None}>
            Sign in with a popup
          </button>
          <button type="button" onClick={signInRedirect} disabled={inProgress !== InteractionStatus.None}>
            Sign in with a redirect
          </button>
        </section>
      ) : (
        <>
          <section aria-label="Signed in">
            <p data-testid="signed-in-user">
              Signed in as <strong>{account.name}</strong> ({account.username})
            </p>
            <button type="button" onClick={callWithAccessToken}>
              Call the API
            </button>
            <button type="button" onClick={callEditorRoute}>
              Call the editor route (needs the Data.Edit role)
            </button>
            <button type="button" onClick={callWithIdToken}>
              Call the API with the ID token
            </button>
            <button type="button" onClick={callApiThatCallsGraph}>
              Call the API, which calls Microsoft Graph for me
            </button>
            <button type="button" onClick={showGraphProfile}>
              Show my Microsoft Graph profile
            </button>
            <button type="button" onClick={renew}>
              Renew with the refresh token
            </button>
            <button type="button" onClick={signOut}>
              Sign out
            </button>
            <button type="button" onClick={signOutHere}>
              Sign out of this app only
            </button>
            {token && (
              <p data-testid="token-source">
                {SOURCE_TEXT[token.source]}, valid until {token.result.expiresOn?.toISOString() ?? '?'}
              </p>
            )}
          </section>
          <ApiPanel answer={answer} />
          <RolesPanel
            accessToken={token?.result.accessToken}
            idToken={token?.result.idToken || account.idToken}
          />
          <GraphPanel answer={profile} />
          <div className="tokens">
            <TokenPanel
              title="ID token: for this app"
              purpose="Its audience (aud) is this SPA's client ID. It tells the SPA who signed in; no API should accept it."
              token={token?.result.idToken || account.idToken}
              testId="id-token"
              highlight={['aud', 'name', 'preferred_username', 'nonce', 'groups']}
            />
            <TokenPanel
              title="Access token: for the API"
              purpose="Its audience (aud) is the API and it carries the scope (scp) the API requires. This is the token the SPA sends in Authorization: Bearer."
              token={token?.result.accessToken}
              testId="access-token"
              highlight={['aud', 'scp', 'exp', 'roles', 'groups']}
            />
          </div>
        </>
      )}
    </main>
  );
}
