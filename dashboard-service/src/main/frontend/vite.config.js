// Builds the console into the jar's static resources (target/classes/static): Spring Boot serves it at /.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../../../target/classes/static', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  // `npm run dev`: the API through a local gateway
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
