import type { GraphAnswer } from './graph.ts';

const SHOWN = ['displayName', 'userPrincipalName', 'mail', 'jobTitle', 'id'] as const;

/** The signed-in user's Microsoft Graph profile (`GET /v1.0/me`), or Graph's error. */
export function GraphPanel({ answer }: { answer: GraphAnswer | undefined }) {
  if (!answer) return null;
  if (answer.status !== 200) {
    return (
      <section className="api refused" data-testid="graph-profile" aria-label="Microsoft Graph profile">
        <h2>GET /v1.0/me: {answer.status}</h2>
        <pre>{JSON.stringify(answer.body, null, 2)}</pre>
      </section>
    );
  }
  return (
    <section className="api ok" data-testid="graph-profile" aria-label="Microsoft Graph profile">
      <h2>Your Microsoft Graph profile (GET /v1.0/me)</h2>
      <table>
        <tbody>
          {SHOWN.map((name) => (
            <tr key={name}>
              <th>{name}</th>
              <td data-graph={name}>{String(answer.body[name] ?? '—')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
