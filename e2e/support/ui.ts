import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const PASSWORD = 'correct horse battery';

export async function signUp(page: Page, role: 'client' | 'recruiter', name: string, email: string): Promise<void> {
  await page.goto(`/sign-up?as=${role}`);
  await page.getByLabel(role === 'client' ? 'Company name' : 'Your name').fill(name);
  await page.getByLabel(role === 'client' ? 'Work e-mail' : 'E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(role === 'client' ? '**/client' : '**/recruiter/jobs');
}

export async function signIn(page: Page, role: 'client' | 'recruiter', email: string, password = PASSWORD): Promise<void> {
  await page.goto(`/sign-in?as=${role}`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname.startsWith(`/${role}`));
}

/** "69820a17e7a0f72f1ead7aca" as someone might retype it: "69820A17-E7A0-F72F-1EAD-7ACA". */
export function upperCaseWithDashes(connectionId: string): string {
  const upper = connectionId.toUpperCase();
  return [upper.slice(0, 8), upper.slice(8, 12), upper.slice(12, 16), upper.slice(16, 20), upper.slice(20)].join('-');
}

/** The stats tile's number, read by its label. */
export async function statValue(page: Page, label: string): Promise<string> {
  const tile = page.locator('.stat-tile').filter({ has: page.getByText(label, { exact: true }) });
  return ((await tile.locator('.stat-value').textContent()) ?? '').trim();
}

export async function expectNoProblems(problems: string[]): Promise<void> {
  expect(problems, 'page errors or CSP violations').toEqual([]);
}

/** A candidate's card in the section of its current stage ("Interview", "Hired"...). */
export function candidateIn(page: Page, stage: string, name: string) {
  return page
    .getByRole('region', { name: new RegExp(`^${stage} \\d`) })
    .locator('.candidate-name')
    .filter({ hasText: name });
}
