import { decodeJwt } from './jwt.ts';

/** Props of {@link TokenPanel}. */
export interface TokenPanelProps {
  title: string;
  /** One sentence: who the token is for and what it is used for. */
  purpose: string;
  token: string | undefined;
  /** data-testid of the panel, for the browser tests. */
  testId: string;
  /** Claims that make the difference between the two tokens, highlighted. */
  highlight: string[];
}

const TIME_CLAIMS = new Set(['iat', 'nbf', 'exp', 'auth_time']);

function show(name: string, value: unknown): string {
  if (TIME_CLAIMS.has(name) && typeof value === 'number') {
    return `${value} (${new Date(value * 1000).toISOString()})`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A decoded token: its header's `kid` and its claims, one row each. */
export function TokenPanel({ title, purpose, token, testId, highlight }: TokenPanelProps) {
  const decoded = decodeJwt(token);
  return (
    <section className="token" data-testid={testId} aria-label={title}>
      <h2>{title}</h2>
      <p>{purpose}</p>
      {decoded ? (
        <table>
          <tbody>
            <tr>
              <th scope="row">header kid</th>
              <td data-claim="header.kid">{show('kid', decoded.header.kid)}</td>
            </tr>
            {Object.entries(decoded.payload).map(([name, value]) => (
              <tr key={name} className={highlight.includes(name) ? 'key' : undefined}>
                <th scope="row">{name}</th>
                <td data-claim={name}>{show(name, value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No token yet.</p>
      )}
    </section>
  );
}
