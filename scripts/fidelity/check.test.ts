import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { brokenFidelityLinks, forbiddenCitations } from './citations.ts';
import { checkRows, headingAnchor, parseFidelity, parseTestCell, testTitles } from './table.ts';

const testFile = `
describe('refresh tokens', () => {
  test("an old refresh token still works after it was used", async () => {});
  it('Entra\\'s error body', () => {});
});
// a comment mentioning a hidden title
`;
const files: Record<string, string> = { 'packages/x/test/rt.test.ts': testFile };
const read = (path: string) => files[path];

function table(rows: string[]): string {
  return [
    '# Title',
    '',
    '## Refresh tokens',
    '',
    '| Behaviour | Source | Test | Status |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

describe('out-of-repo citations', () => {
  test('each forbidden citation is reported with its line', () => {
    const text = [
      'ok',
      '// rotation (spec §3.6)',
      '/* see ../shared/spec/x.md */',
      '// architecture.md §4',
      '// (issue 3)',
    ].join('\n');
    const found = forbiddenCitations('a.ts', text);
    assert.deepEqual(
      found.map((f) => f.line),
      [2, 3, 4, 5],
    );
    assert.match(found[0]?.message ?? '', /spec §/);
  });

  test('public sources and fidelity anchors pass', () => {
    const text = '// RFC 6749 §5.2; https://github.com/o/r/issues/73; docs/fidelity.md#refresh-tokens';
    assert.deepEqual(forbiddenCitations('a.ts', text), []);
  });

  test('a link to a missing anchor is reported', () => {
    const anchors = new Set(['refresh-tokens']);
    const found = brokenFidelityLinks(
      'a.ts',
      'x\n// docs/fidelity.md#refresh-tokens docs/fidelity.md#pkce',
      anchors,
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]?.line, 2);
    assert.match(found[0]?.message ?? '', /#pkce/);
  });
});

describe('docs/fidelity.md rows', () => {
  test('headings give GitHub anchors', () => {
    assert.equal(headingAnchor('Client types × Origin (SPA rules)'), 'client-types--origin-spa-rules');
    assert.equal(headingAnchor('client_info'), 'client_info');
    assert.equal(headingAnchor('Refresh tokens'), 'refresh-tokens');
  });

  test('test cells: path alone or path › "title"', () => {
    assert.deepEqual(parseTestCell('`a/b.test.ts`'), { path: 'a/b.test.ts' });
    assert.deepEqual(parseTestCell('`a/b.test.ts` › "x y"'), { path: 'a/b.test.ts', title: 'x y' });
    assert.equal(parseTestCell('a/b.test.ts'), undefined);
  });

  test('titles are read from test, it and describe calls, unescaped', () => {
    assert.deepEqual(testTitles(testFile), [
      'refresh tokens',
      'an old refresh token still works after it was used',
      "Entra's error body",
    ]);
  });

  test('a good table passes', () => {
    const doc = parseFidelity(
      'f.md',
      table([
        '| A | https://learn.microsoft.com/x | `packages/x/test/rt.test.ts` › "old refresh token still works" | verified |',
        '| B `GET\\|POST` | RFC 6749 | `packages/x/test/rt.test.ts` › "Entra\'s error" | chosen |',
        '| C | https://x | `packages/x/test/rt.test.ts` | chosen |',
      ]),
    );
    assert.deepEqual(doc.problems, []);
    assert.ok(doc.anchors.has('refresh-tokens'));
    assert.deepEqual(checkRows('f.md', doc.rows, read), []);
  });

  test('each bad row is named with its line, section and what is wrong', () => {
    const doc = parseFidelity(
      'f.md',
      table([
        '| A | https://x | `packages/x/test/missing.test.ts` | verified |',
        '| B | https://x | `packages/x/test/rt.test.ts` › "never a title" | verified |',
        '| C | https://x | `packages/x/test/rt.test.ts` › "hidden title" | chosen |',
        '| D | https://x | `packages/x/test/rt.test.ts` | unverified |',
        '| E | Learn | `packages/x/test/rt.test.ts` | verified |',
        '| F | https://x | packages/x/test/rt.test.ts | chosen |',
        '| G | https://x | only three cells |',
      ]),
    );
    assert.equal(doc.problems.length, 1);
    assert.match(doc.problems[0]?.message ?? '', /3 cells, not 4/);
    const found = checkRows('f.md', doc.rows, read);
    assert.deepEqual(
      found.map((f) => f.line),
      [7, 8, 9, 10, 11, 12],
    );
    const messages = found.map((f) => f.message);
    assert.match(
      messages[0] ?? '',
      /^row under "## Refresh tokens": Test file packages\/x\/test\/missing\.test\.ts does not exist/,
    );
    assert.match(
      messages[1] ?? '',
      /no test title in packages\/x\/test\/rt\.test\.ts contains "never a title"$/,
    );
    assert.match(messages[2] ?? '', /in no test or describe title/);
    assert.match(messages[3] ?? '', /Status is "unverified"/);
    assert.match(messages[4] ?? '', /needs the public source URL/);
    assert.match(messages[5] ?? '', /is not `path`/);
  });

  test('in a data-driven file, a table entry stands for the title built from it', () => {
    const title = ['`$', '{name}: AADSTS$', '{code}`'].join('');
    const driven = `for (const [name, code] of [['missing scope', 900144]]) {\n  it(${title}, () => {});\n}\n`;
    const doc = parseFidelity(
      'f.md',
      table(['| A | https://x | `d.test.ts` › "missing scope" | verified |']),
    );
    const read = (text: string) => (p: string) => (p === 'd.test.ts' ? text : undefined);
    assert.deepEqual(checkRows('f.md', doc.rows, read(driven)), []);
    const found = checkRows('f.md', doc.rows, read(driven.replace(title, "'x'")));
    assert.match(found[0]?.message ?? '', /in no test or describe title/);
  });

  test('a table with another header is reported', () => {
    const doc = parseFidelity('f.md', '## X\n\n| Behaviour | Test | Status |\n|---|---|---|\n');
    assert.match(doc.problems[0]?.message ?? '', /must have the header/);
  });
});
