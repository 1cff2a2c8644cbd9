/**
 * Checks the fidelity record (run by `npm run check`, no server):
 *   node --import tsx scripts/fidelity/check.ts
 * (a) no file in packages/, examples/, e2e/ or bench/ cites a document outside the repository or an issue number,
 *     and every `docs/fidelity.md#anchor` they link to exists;
 * (b) every row of docs/fidelity.md has Status verified or chosen and a Test cell naming an existing test file and,
 *     when quoted, a substring of one of its test titles.
 * Prints one line per problem (`file:line: message`) and exits 1 when there is any.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokenFidelityLinks, type Finding, forbiddenCitations } from './citations.ts';
import { checkRows, parseFidelity } from './table.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FIDELITY = 'docs/fidelity.md';
const SCANNED = ['packages', 'examples', 'e2e', 'bench', 'README.md', 'docs'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.localtenant', 'artifacts', 'results', '.git']);
const TEXT = new Set([
  '.ts',
  '.tsx',
  '.js',
  '.mjs',
  '.cjs',
  '.py',
  '.md',
  '.html',
  '.css',
  '.yaml',
  '.yml',
  '.sh',
]);

/** Every text file under `path` (relative to the repository), skipping installed and generated folders. */
function textFiles(path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return TEXT.has(extname(path)) ? [path] : [];
  return readdirSync(full)
    .filter((name) => !SKIPPED_DIRS.has(name))
    .flatMap((name) => textFiles(join(path, name)));
}

function readRepoFile(path: string): string | undefined {
  const full = join(root, path);
  if (relative(root, full).startsWith('..') || !existsSync(full) || !statSync(full).isFile())
    return undefined;
  return readFileSync(full, 'utf8');
}

const fidelityText = readRepoFile(FIDELITY);
const findings: Finding[] = [];
if (fidelityText === undefined) {
  findings.push({ file: FIDELITY, line: 1, message: 'docs/fidelity.md does not exist' });
}
const doc = parseFidelity(FIDELITY, fidelityText ?? '');
findings.push(...doc.problems, ...checkRows(FIDELITY, doc.rows, readRepoFile));
for (const file of SCANNED.flatMap(textFiles)) {
  const text = readFileSync(join(root, file), 'utf8');
  findings.push(...forbiddenCitations(file, text), ...brokenFidelityLinks(file, text, doc.anchors));
}

for (const f of findings) console.error(`${f.file}:${f.line}: ${f.message}`);
if (findings.length > 0) {
  console.error(`fidelity check: ${findings.length} problem(s)`);
  process.exit(1);
}
console.log(`fidelity check: ${doc.rows.length} rows, every Test cell resolves; no out-of-repo citation`);
