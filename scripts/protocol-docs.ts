// Writes the generated part of docs/protocol.md, "What each call can answer", from
// src/protocol/answers.ts: `npm run docs:protocol`. test/protocol/docs-table.test.ts fails
// when the page no longer matches the data.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { GUIDE } from '../src/protocol/guide.ts';
import { ERRORS } from '../src/protocol/errors.ts';
import { UNSENT_CODES, callCodes } from '../src/protocol/answers.ts';

export const BEGIN =
  '<!-- Generated from src/protocol/answers.ts by `npm run docs:protocol`: edit there. -->';
export const END = '<!-- End of the generated part. -->';

const list = (codes: readonly string[]): string => codes.join(', ');

/** The generated Markdown, between BEGIN and END. */
export function renderTables(): string {
  const rows = callCodes().map((c) => {
    const why: string[] = [];
    if (c.older.length > 0) why.push(`${list(c.older)}: the older numbering, not in the table`);
    if (c.flowAdded.length > 0) why.push(`${list(c.flowAdded)}: the validation flow, before every call`);
    if (c.ownAdded.length > 0) why.push(`${list(c.ownAdded)}: its own checks, in the table's numbering`);
    for (const [code, reason] of c.notAnswered) why.push(`${code}: ${reason}`);
    return `| ${GUIDE[c.action].number}. \`${c.action}\` | ${list(c.guide)} | ${list(c.answers)} | ${why.join('; ')} |`;
  });
  const unsent = Object.entries(UNSENT_CODES)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([code, why]) => `| ${code} | ${ERRORS[code]!.message} | ${why} |`);
  return [
    BEGIN,
    '',
    '| call | the guide lists | the emulator can answer | why they differ |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    'Codes of the table that follow none of the 16 calls:',
    '',
    '| code | message | why |',
    '| --- | --- | --- |',
    ...unsent,
    '',
    END,
  ].join('\n');
}

export const DOC = fileURLToPath(new URL('../docs/protocol.md', import.meta.url));

/** docs/protocol.md's text with its generated part replaced by `renderTables()`, laid out by Prettier. */
export async function withTables(markdown: string): Promise<string> {
  const start = markdown.indexOf(BEGIN);
  const end = markdown.indexOf(END);
  if (start === -1 || end < start) throw new Error('docs/protocol.md has no generated part to replace.');
  const text = markdown.slice(0, start) + renderTables() + markdown.slice(end + END.length);
  return format(text, { ...(await resolveConfig(DOC)), filepath: DOC });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(DOC, await withTables(readFileSync(DOC, 'utf8')));
}
