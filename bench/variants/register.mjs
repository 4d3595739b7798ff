// Registers bench/variants/hooks.mjs (see there). Used only by the benchmark's "proposed fixes" server.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
