// Electron's entry point (package.json "main"): everything else is set up from app.ts when ready.
import { runApp } from './app.js';

runApp();
