import type { Finding } from './citations.ts';

/** The header every fidelity table has. */
export const TABLE_HEADER = '| Behaviour | Source | Test | Status |';

/** One row of a fidelity table, with the `##` section it is under and its 1-based line. */
export interface FidelityRow {
  line: number;
  section: string;
  behaviour: string;
  source: string;
  test: string;
  status: string;
}

/** The parsed document: the anchors of its headings, its rows, and rows too malformed to read. */
export interface FidelityDocument {
  anchors: Set<string>;
  rows: FidelityRow[];
  problems: Finding[];
}

/** GitHub's heading anchor: lower case, punctuation dropped except `-` and `_`, spaces become `-`. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Splits a table row at the pipes that are not escaped (`\|`). */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim());
}

/** Parses `docs/fidelity.md`: headings, and every row of every table with the fidelity header. */
export function parseFidelity(file: string, markdown: string): FidelityDocument {
  const doc: FidelityDocument = { anchors: new Set(), rows: [], problems: [] };
  let section = '(before any heading)';
  let inTable = false;
  markdown.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      section = heading[1] ?? '';
      doc.anchors.add(headingAnchor(section));
      inTable = false;
      return;
    }
    if (!line.startsWith('|')) {
      inTable = false;
      return;
    }
    if (!inTable) {
      if (line.replace(/\s+/g, ' ') !== TABLE_HEADER) {
        doc.problems.push({
          file,
          line: index + 1,
          message: `table under "## ${section}" must have the header ${TABLE_HEADER}`,
        });
      }
      inTable = true;
      return;
    }
    if (/^\|[\s|:-]+\|$/.test(line)) return;
    const row = cells(line);
    if (row.length !== 4) {
      doc.problems.push({
        file,
        line: index + 1,
        message: `row under "## ${section}" has ${row.length} cells, not 4 (escape a pipe inside a cell as \\|)`,
      });
      return;
    }
    const [behaviour = '', source = '', test = '', status = ''] = row;
    doc.rows.push({ line: index + 1, section, behaviour, source, test, status });
  });
  return doc;
}

/** The test a Test cell names: a repo-relative path and, optionally, a substring of a test's title. */
export interface TestReference {
  path: string;
  title?: string;
}

/** Reads a Test cell: `` `path` `` or `` `path` › "title substring" ``; undefined when it has another shape. */
export function parseTestCell(cell: string): TestReference | undefined {
  const match = /^`([^`]+)`(?:\s*›\s*"(.+)")?$/.exec(cell);
  if (!match?.[1]) return undefined;
  return match[2] === undefined ? { path: match[1] } : { path: match[1], title: match[2] };
}

/** The titles given to `test(…)`, `it(…)`, `describe(…)` and `suite(…)` in a test file, unescaped. */
export function testTitles(source: string): string[] {
  const call = /\b(?:test|it|describe|suite)(?:\.\w+)?\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/gs;
  return [...source.matchAll(call)].map((m) => (m[2] ?? '').replace(/\\(.)/g, '$1'));
}

/**
 * Checks each row: Status is verified or chosen, a verified row gives a URL, the Test cell resolves: the file exists
 * and the quoted text is part of a test title (or, in a file whose titles are built from a table, part of the file).
 */
export function checkRows(
  file: string,
  rows: FidelityRow[],
  readRepoFile: (path: string) => string | undefined,
): Finding[] {
  const findings: Finding[] = [];
  for (const row of rows) {
    const where = (message: string) =>
      findings.push({ file, line: row.line, message: `row under "## ${row.section}": ${message}` });
    if (row.status !== 'verified' && row.status !== 'chosen') {
      where(`Status is "${row.status}"; it must be verified or chosen`);
    }
    if (row.status === 'verified' && !/https:\/\//.test(row.source)) {
      where('a verified row needs the public source URL in its Source cell');
    }
    const test = parseTestCell(row.test);
    if (!test) {
      where(`Test cell ${row.test || '(empty)'} is not \`path\` or \`path\` › "title substring"`);
      continue;
    }
    const text = readRepoFile(test.path);
    if (text === undefined) {
      where(`Test file ${test.path} does not exist`);
      continue;
    }
    if (test.title === undefined) continue;
    const title = test.title;
    const titles = testTitles(text);
    if (titles.some((t) => t.includes(title))) continue;
    // A data-driven test builds its titles from a table (`${name}: …`): the row names the table entry.
    if (text.includes(title) && titles.some((t) => t.includes('${'))) continue;
    const hint = text.includes(title) ? ' (the text is in the file, but in no test or describe title)' : '';
    where(`no test title in ${test.path} contains "${title}"${hint}`);
  }
  return findings;
}
