// The only bridge between the dashboard and the main process: one function, the dashboard
// contract's invoke. Sandboxed preloads are CommonJS.
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('memoryos', {
  invoke: (channel: string, request: unknown) => ipcRenderer.invoke('dashboard:invoke', channel, request),
});
