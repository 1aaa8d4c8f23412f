import type * as ReactTypes from 'react';
import * as React from 'react';

/** What `useRovingFocus` gives a list: one tab stop, arrow keys between items. */
export interface IRovingFocus {
  /** 0 for the item that takes the tab stop, -1 for the others. */
  tabIndex: (position: number) => number;
  /** Registers an item's element. */
  ref: (position: number) => (node: HTMLElement | null) => void;
  /** Put on the list: ArrowUp/ArrowDown/Home/End move the focus. */
  onKeyDown: (event: ReactTypes.KeyboardEvent) => void;
}

/**
 * A roving tab stop (WAI-ARIA listbox / list pattern): Tab enters the list once, on the selected
 * item or the first; the arrow keys, Home and End move between items.
 */
export function useRovingFocus(count: number, selected: number): IRovingFocus {
  const nodes = React.useRef<(HTMLElement | null)[]>([]);
  const [focused, setFocused] = React.useState(-1);
  const current =
    focused >= 0 && focused < count ? focused : Math.max(0, selected);
  const move = (position: number) => {
    const next = Math.max(0, Math.min(count - 1, position));
    setFocused(next);
    nodes.current[next]?.focus();
  };
  return {
    tabIndex: position => (position === current ? 0 : -1),
    ref: position => node => {
      nodes.current[position] = node;
    },
    onKeyDown: event => {
      const position = nodes.current.findIndex(node => node === event.target);
      if (position < 0) {
        return;
      }
      const target = keyTarget(event.key, position, count);
      if (target !== null) {
        event.preventDefault();
        move(target);
      }
    }
  };
}

function keyTarget(
  key: string,
  position: number,
  count: number
): number | null {
  switch (key) {
    case 'ArrowDown':
      return position + 1;
    case 'ArrowUp':
      return position - 1;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
