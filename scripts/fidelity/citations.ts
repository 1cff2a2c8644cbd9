/**
 * Citations a person who clones the repository can follow. Comments cite `docs/fidelity.md#anchor` or a public
 * source (Microsoft Learn, MSAL source, an RFC section); never a document outside the repository or an issue number.
 */

/** One problem found in a file, with the 1-based line it is on. */
export interface Finding {
  file: string;
  line: number;
  message: string;
}

/** References to documents a cloner does not have, each with what to write instead. */
const FORBIDDEN: { pattern: RegExp; what: string }[] = [
  { pattern: /\bspec §/i, what: 'cites the private protocol spec ("spec §…")' },
  { pattern: /\.\.\/shared\b|\/work\/shared\b|\bshared\/(spec|design|README)/i, what: 'cites ../shared' },
  { pattern: /\barchitecture\.md\b/i, what: 'cites architecture.md' },
  { pattern: /\bpeers\.md\b/i, what: 'cites peers.md' },
  { pattern: /\bissue #?\d+/i, what: 'cites an issue number' },
];

/** The anchors `docs/fidelity.md#…` that a text cites, with their lines. */
const FIDELITY_LINK = /docs\/fidelity\.md#([\p{L}\p{N}_-]+)/gu;

/** Lines of `text` that cite something a cloner cannot follow. */
export function forbiddenCitations(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((line, index) => {
    for (const { pattern, what } of FORBIDDEN) {
      const match = pattern.exec(line);
      if (match) {
        findings.push({
          file,
          line: index + 1,
          message: `${what}: "${match[0]}"; cite docs/fidelity.md#<anchor> or the public source instead`,
        });
      }
    }
  });
  return findings;
}

/** Lines of `text` that link to a `docs/fidelity.md` anchor no heading of the table has. */
export function brokenFidelityLinks(file: string, text: string, anchors: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(FIDELITY_LINK)) {
      const anchor = match[1] ?? '';
      if (!anchors.has(anchor)) {
        findings.push({
          file,
          line: index + 1,
          message: `links to docs/fidelity.md#${anchor}, but docs/fidelity.md has no heading with that anchor`,
        });
      }
    }
  });
  return findings;
}
