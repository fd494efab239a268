import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ipcApi } from './api/ipcApi.js';
import { App } from './App.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App initialApi={ipcApi()} />
  </StrictMode>,
);
