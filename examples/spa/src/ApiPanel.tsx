import type { ApiAnswer } from './api.ts';

/** The API's last answer: status, the RFC 6750 challenge, and the body. */
export function ApiPanel({ answer }: { answer: ApiAnswer | undefined }) {
  if (!answer) return null;
  const ok = answer.status >= 200 && answer.status < 300;
  return (
    <section className={ok ? 'api ok' : 'api refused'} data-testid="api-result" aria-label="API answer">
      <h2>
        GET {answer.path} with the {answer.sent}: <span data-testid="api-status">{answer.status}</span>{' '}
        {ok ? 'accepted' : 'refused'}
      </h2>
      {answer.wwwAuthenticate && (
        <p>
          WWW-Authenticate: <code data-testid="api-challenge">{answer.wwwAuthenticate}</code>
        </p>
      )}
      <pre data-testid="api-body">{JSON.stringify(answer.body, null, 2)}</pre>
    </section>
  );
}
