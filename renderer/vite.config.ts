import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// base './': the same build loads from /ui/ on the headless server and from file:// in Electron.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // One file of about 680 kB (215 kB gzipped: React, zod's schemas shared with the server, Ariakit,
    // TanStack Query and Virtual, uPlot), read from the local disk or server: splitting it buys nothing.
    chunkSizeWarningLimit: 800,
  },
});
