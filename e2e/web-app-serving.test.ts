import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_DIST, WEB_APP_CONTENT_SECURITY_POLICY, webApp } from '../server/src/http/web-app';

/** How the server hands out the built app, without a browser: a bare Fastify with the plugin. */
describe('serving the web app (server/src/http/web-app.ts)', () => {
  let root: string;
  let app: FastifyInstance;
  const html = { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'hirelink-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Hirelink</title><script type="module" src="/assets/app-1234.js"></script>');
    writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'app-1234.js.br'), brotliCompressSync('console.log(1)'));
    writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = Fastify();
    app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: 'not_found', message: `No route ${request.url}.` }));
    app.get('/v1/client/profile', async () => ({ ok: true }));
    await app.register(webApp, { root });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each(['/', '/client', '/recruiter/jobs/new', '/client/jobs/123?tab=offers'])(
    'answers a browser asking for %s with index.html, its CSP and no-cache',
    async (url) => {
      const response = await app.inject({ method: 'GET', url, headers: html });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('<title>Hirelink</title>');
      expect(response.headers['content-security-policy']).toBe(WEB_APP_CONTENT_SECURITY_POLICY);
      expect(response.headers['cache-control']).toBe('no-cache');
    },
  );

  it.each(['/v1/nope', '/v1', '/docs/nope', '/openapi.jsonx', '/healthz/x', '/readyz/x', '/assets/missing-0000.js'])(
    'keeps the JSON 404 for %s even when a browser asks for HTML',
    async (url) => {
      const response = await app.inject({ method: 'GET', url, headers: html });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: 'not_found' });
    },
  );

  it('answers the root with the app whatever the client accepts (curl sends */*)', async () => {
    const response = await app.inject({ method: 'GET', url: '/', headers: { accept: '*/*' } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<title>Hirelink</title>');
    expect(response.headers['content-security-policy']).toBe(WEB_APP_CONTENT_SECURITY_POLICY);
  });

  it('answers non-browser requests for unknown paths with the JSON 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/client', headers: { accept: 'application/json' } });
    expect(response.statusCode).toBe(404);
    const post = await app.inject({ method: 'POST', url: '/client', headers: html });
    expect(post.statusCode).toBe(404);
  });

  it('leaves API routes alone', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/client/profile', headers: html });
    expect(response.json()).toEqual({ ok: true });
  });

  it('serves hashed assets for a year and other files for an hour', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('sends the pre-compressed file to browsers that accept it, with the right type', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/app-1234.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toContain('javascript');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe('console.log(1)');
    const compressedFile = await app.inject({ method: 'GET', url: '/assets/app-1234.js.br', headers: html });
    expect(compressedFile.statusCode).toBe(404);
  });

  it('serves nothing, and says so, when the app is not built', async () => {
    const lines: string[] = [];
    const bare = Fastify({
      logger: { level: 'warn', stream: { write: (line: string) => lines.push(line) } },
    });
    await bare.register(webApp, { root: join(root, 'missing') });
    await bare.ready();
    const response = await bare.inject({ method: 'GET', url: '/', headers: html });
    expect(response.statusCode).toBe(404);
    expect(lines.join('')).toContain('the web app is not built');
    await bare.close();
  });

  it('builds an index.html that the policy allows: no inline scripts, only same-origin assets', () => {
    // e2e's global setup has just built web/dist.
    const built = readFileSync(join(DEFAULT_WEB_DIST, 'index.html'), 'utf8');
    const scripts = [...built.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/assets\//);
      expect(body?.trim()).toBe('');
    }
    expect(built).not.toMatch(/(src|href)="https?:/);
  });
});
