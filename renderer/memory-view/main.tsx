// Entry of the memory view. No StrictMode: its double mount would connect to the host twice.
import { createRoot } from 'react-dom/client';
import { MemoryView } from './MemoryView.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(<MemoryView />);
