// Rebuilds the README's Reliability table from the figures the reliability suite wrote in its last run.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const figuresDir = fileURLToPath(new URL('../test/reliability/figures/', import.meta.url));
const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const START = '<!-- reliability:start -->';
const END = '<!-- reliability:end -->';

const figures = readdirSync(figuresDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => JSON.parse(readFileSync(`${figuresDir}${name}`, 'utf8')));
const cell = (text) => String(text).replace(/\|/g, '\\|');
const dates = figures.map((f) => f.measuredAt).sort();
const table = [
  `Measured by \`npm run test:reliability\` between ${dates[0]} and ${dates.at(-1)}.`,
  '',
  '| # | scenario | fault | load | outcome in the last run |',
  '| ---: | --- | --- | --- | --- |',
  ...figures.map((f) => `| ${f.scenario} | ${cell(f.title)} | ${cell(f.fault)} | ${cell(f.load)} | ${cell(f.outcome)} |`),
].join('\n');

const readme = readFileSync(readmePath, 'utf8');
if (!readme.includes(START) || !readme.includes(END)) throw new Error(`README.md has no ${START} … ${END} markers`);
writeFileSync(readmePath, `${readme.slice(0, readme.indexOf(START) + START.length)}\n${table}\n${readme.slice(readme.indexOf(END))}`);
console.log(table);
