import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const contractDir = fileURLToPath(new URL('../contract/src/', import.meta.url));
const apiOrigin = `http://localhost:${process.env.API_PORT ?? '3000'}`;

/**
 * Writes .br and .gz next to every text file of the build: the server (@fastify/static with
 * preCompressed) sends them to browsers that accept them, without compressing per request.
 */
function precompress(): Plugin {
  return {
    name: 'hirelink:precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const outDir = options.dir ?? join(webRoot, 'dist');
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg)$/.test(fileName)) continue;
        const path = join(outDir, fileName);
        const content = readFileSync(path);
        if (content.length < 1024) continue;
        writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: webRoot,
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      treeshake: {
        // The web app imports only types and the pure connection-ID helpers from the contract;
        // this lets the bundler drop the TypeBox schemas (and TypeBox) that sit beside them.
        moduleSideEffects: (id: string) => !id.startsWith(contractDir),
      },
    },
  },
  server: {
    port: 5173,
    // `npm run dev:web` next to `npm run dev`: the UI hot-reloads here, the API answers on :3000.
    proxy: {
      '/v1': apiOrigin,
      '/docs': apiOrigin,
      '/openapi.json': apiOrigin,
    },
  },
});
