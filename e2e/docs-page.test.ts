import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_CONTENT_SECURITY_POLICY } from '../server/src/http/security-headers';
import { launchBrowser } from './support/browser';
import { chromiumAvailable } from './support/chromium';
import { type TestServer, startServer } from './support/server';

/** The API reference under its own Content-Security-Policy: restrictive, and still working. */
describe.skipIf(!chromiumAvailable)('the API reference at /docs', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('is sent with a CSP that allows only its own files, no inline script, no eval and no framing', async () => {
    for (const path of ['/docs/', '/docs/static/swagger-initializer.js', '/docs/json']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy'), path).toBe(DOCS_CONTENT_SECURITY_POLICY);
    }
    const directives = new Map(DOCS_CONTENT_SECURITY_POLICY.split('; ').map((directive) => [directive.split(' ')[0], directive]));
    expect(directives.get('default-src')).toBe("default-src 'none'");
    expect(directives.get('script-src')).toBe("script-src 'self'");
    expect(directives.get('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(DOCS_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(eval|inline|hashes)|\*|https?:/);
  });

  it('still renders every route in Chromium, with no CSP violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`Refused to load (CSP): ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    await page.goto(`${server.url}/docs/`);
    await page.getByText('Hirelink API').first().waitFor();
    await page.locator('.opblock-summary-path', { hasText: '/v1/client/by-connection/{connection_id}' }).first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
    expect(violations).toEqual([]);
    await page.close();
  });
});
