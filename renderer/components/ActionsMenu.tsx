// A row's actions behind one button: Ariakit's Menu (arrow keys, typeahead, Escape, focus return).
import { Menu, MenuButton, MenuItem, MenuProvider } from '@ariakit/react';

export interface Action {
  label: string;
  onSelect: () => void;
  danger?: boolean;
}

export function ActionsMenu({ label, actions }: { label: string; actions: Action[] }) {
  return (
    <MenuProvider>
      <MenuButton className="button menu-trigger" aria-label={label}>
        Actions <span aria-hidden="true">▾</span>
      </MenuButton>
      <Menu gutter={4} className="menu">
        {actions.map((a) => (
          <MenuItem key={a.label} className={`menu-item${a.danger ? ' danger' : ''}`} onClick={a.onSelect}>
            {a.label}
          </MenuItem>
        ))}
      </Menu>
    </MenuProvider>
  );
}
