import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LOGGING = fileURLToPath(new URL('./logging.ts', import.meta.url));

/**
 * Runs `body` in a child process whose standard output is the buffered log (pino over
 * `bufferedStdout`, with the server's flush-on-warning hook), and hands each stdout line to `onLine`
 * as it arrives.
 */
function runLogger(body: string, onLine: (line: string, child: ReturnType<typeof spawn>) => void = () => {}) {
  const script = `
    import pino from 'pino';
    import { bufferedStdout, loggerOptions } from ${JSON.stringify(LOGGING)};
    const out = bufferedStdout();
    const options = loggerOptions({ logLevel: 'info' }, out.stream, out.flush);
    const log = pino({ level: 'info', hooks: options.hooks }, out.stream);
    ${body}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    const parts = (partial + text).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      onLine(line, child);
    }
  });
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (errors += text));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { lines: async () => ({ code: await exited, lines: lines.map((line) => JSON.parse(line) as { msg: string; level: number }), errors }) };
}

describe('the buffered log on standard output', () => {
  it('writes every line, in order, when the process ends normally: many chunks and a last partial one', async () => {
    const run = runLogger(`for (let i = 0; i < 1000; i++) log.info({ i }, 'line ' + i);`);
    const { code, lines } = await run.lines();
    expect(code).toBe(0);
    expect(lines.map((line) => line.msg)).toEqual(Array.from({ length: 1000 }, (_, i) => `line ${i}`));
  });

  it('writes what it gathered when the process crashes', async () => {
    const run = runLogger(`log.info('before the crash'); setImmediate(() => { throw new Error('crash'); });`);
    const { code, lines, errors } = await run.lines();
    expect(code).toBe(1);
    expect(errors).toContain('crash');
    expect(lines.map((line) => line.msg)).toEqual(['before the crash']);
  });

  it('writes a warning at once, with the lines before it, while the process goes on', async () => {
    // The child would stay up for a minute; it is stopped as soon as the warning has been read.
    const run = runLogger(`log.info('first'); log.info('second'); log.warn('trouble'); setTimeout(() => {}, 60_000);`, (line, child) => {
      if (line.includes('trouble')) child.kill('SIGKILL');
    });
    const { lines } = await run.lines();
    expect(lines.map((line) => line.msg)).toEqual(['first', 'second', 'trouble']);
  });
});
