import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { fileURLToPath } from 'node:url';

// One self-contained HTML file (scripts and styles inlined): an MCP App is served as a single
// resource and runs in a sandboxed frame that may load nothing from the network.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react(), viteSingleFile()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/memory-view', import.meta.url)),
    emptyOutDir: true,
    // Nothing is preloaded from anywhere: the file is the whole view.
    modulePreload: { polyfill: false },
  },
});
