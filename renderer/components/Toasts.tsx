// Short confirmations that need no place on the page ("Copied", "Deleted"): Radix UI's Toast, which
// announces each through a live region, pauses while hovered or focused, is reachable with F8 and
// swipes away on touch. Results a person must read (saves, imports) stay on the page instead.
import * as Toast from '@radix-ui/react-toast';
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

interface Item {
  id: number;
  text: string;
}

const ToastContext = createContext<(text: string) => void>(() => {});

export function Toasts({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<Item[]>([]);
  const show = useCallback(
    (text: string) => setItems((xs) => [...xs.slice(-2), { id: Date.now() + Math.random(), text }]),
    [],
  );
  return (
    <Toast.Provider duration={4000} label="Notification">
      <ToastContext.Provider value={show}>{children}</ToastContext.Provider>
      {items.map((t) => (
        <Toast.Root
          key={t.id}
          className="toast"
          onOpenChange={(open) => !open && setItems((xs) => xs.filter((x) => x.id !== t.id))}
        >
          <Toast.Description>{t.text}</Toast.Description>
          <Toast.Close className="toast-close" aria-label="Dismiss">
            ×
          </Toast.Close>
        </Toast.Root>
      ))}
      <Toast.Viewport className="toasts" />
    </Toast.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
