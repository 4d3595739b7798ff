import { buildApp } from '../app';
import { loadDemoConfig } from '../config';
import { configOrExit, serve } from '../serve';
import { createBackgroundRecruiter } from './background-recruiter';
import { DemoDataDirError, resetDemoDatabase } from './demo-data-dir';
import { DEMO_CLIENT_EMAIL, DEMO_MEMBER_EMAIL, DEMO_PASSWORD, DEMO_RECRUITER_EMAIL, seedDemo } from './demo-world';

// `npm run demo`: the server on a fresh demo database, with a recruiter at work in the background.
const demo = configOrExit(() => loadDemoConfig());
const { app: config } = demo;
if (config.database.kind !== 'sqlite') throw new Error('the demo runs on SQLite only');
try {
  resetDemoDatabase(config.dataDir, config.database.filename);
} catch (error) {
  if (!(error instanceof DemoDataDirError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const app = await buildApp(config);
const world = await seedDemo(app);
// Made before the server listens so that a shutdown at any point can stop it; it starts after.
const background = createBackgroundRecruiter(app, world);
const { port } = await serve(app, config, { beforeClose: () => background.stop() });
background.start(demo.tickMs, app.log);

const seconds = (demo.tickMs / 1000).toLocaleString('en', { maximumFractionDigits: 1 });
console.log(
  [
    '',
    `  Hirelink demo: http://localhost:${port}`,
    '',
    `  Sign in as the client      ${DEMO_CLIENT_EMAIL}     (${world.client.company_name}, admin)`,
    `  or as its hiring manager   ${DEMO_MEMBER_EMAIL}     (${world.member.name}, member)`,
    `  Sign in as the recruiter   ${DEMO_RECRUITER_EMAIL}  (${world.recruiter.name})`,
    `  Password, for all three    ${DEMO_PASSWORD}`,
    '',
    `  ${world.backgroundRecruiter.name}, another recruiter, moves a ${world.client.company_name} candidate every ${seconds} s:`,
    '  keep the client dashboard open to watch the live updates arrive.',
    '',
    `  The demo database is deleted and made afresh on every run: ${config.database.filename}`,
    ...(demo.ignoredDatabaseUrl ? ['  DATABASE_URL is ignored: the demo never writes to a real database.'] : []),
    '  Ctrl+C stops the demo.',
    '',
  ].join('\n'),
);
