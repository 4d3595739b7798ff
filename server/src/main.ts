import { buildApp } from './app';
import { loadConfig } from './config';
import { configOrExit, serve } from './serve';

// Reads config and listens; everything else lives in buildApp.
const config = configOrExit(() => loadConfig());
const app = await buildApp(config);
await serve(app, config);
