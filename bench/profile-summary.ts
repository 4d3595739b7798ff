/**
 * Summarises a V8 .cpuprofile (from `--cpu-prof`, e.g. BENCH_CPU_PROF_DIR=/tmp/prof npm run bench:http):
 * self time by package / app folder and by function, as a share of the whole profile.
 *
 *   node --import tsx bench/profile-summary.ts /tmp/prof/CPU.….cpuprofile [rows]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const byGroup = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const time = self.get(node.id) ?? 0;
  if (time === 0) continue;
  total += time;
  const { url, functionName, lineNumber } = node.callFrame;
  let group: string;
  if (url.includes('node_modules/')) {
    const rest = url.split('node_modules/').pop()!;
    group = rest
      .split('/')
      .slice(0, rest.startsWith('@') ? 2 : 1)
      .join('/');
  } else if (url.startsWith('node:')) group = url;
  else if (url.includes('/server/') || url.includes('/contract/') || url.includes('/bench/'))
    group = `app: ${url
      .replace(/^.*?\/(server|contract|bench)\//, '$1/')
      .split('/')
      .slice(0, 4)
      .join('/')}`;
  else group = functionName ? `(${functionName})` : '(native)';
  byGroup.set(group, (byGroup.get(group) ?? 0) + time);
  const key = `${functionName || '(anonymous)'}  ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|contract|bench)\//, '$1/')}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + time);
}
const show = (map: Map<string, number>) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .map(([key, time]) => `${((100 * time) / total).toFixed(1).padStart(5)} %  ${(time / 1000).toFixed(0).padStart(7)} ms  ${key}`)
    .join('\n');
console.log(`${(total / 1e6).toFixed(1)} s profiled\n\nby package / folder:\n${show(byGroup)}\n\nby function:\n${show(byFunction)}`);
