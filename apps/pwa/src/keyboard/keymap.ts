// Which key does what on the selling screen. Pure, so the help overlay and the tests read the
// same table. Ctrl/Alt/Meta combinations are left to the browser (Ctrl+P, Alt+Tab…).
export type PaymentMethod = 'cash' | 'card' | 'other';

export type TillAction =
  | { type: 'type'; text: string }
  | { type: 'enter' }
  | { type: 'backspace' }
  | { type: 'escape' }
  | { type: 'multiply' }
  | { type: 'increment' }
  | { type: 'decrement' }
  | { type: 'selectPrevious' }
  | { type: 'selectNext' }
  | { type: 'removeSelected' }
  | { type: 'pay'; method: PaymentMethod }
  | { type: 'toggleRefund' }
  | { type: 'printLast' }
  | { type: 'toggleToday' }
  | { type: 'help' };

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

const FIXED: Record<string, TillAction> = {
  Enter: { type: 'enter' },
  Backspace: { type: 'backspace' },
  Escape: { type: 'escape' },
  '*': { type: 'multiply' },
  x: { type: 'multiply' },
  X: { type: 'multiply' },
  '+': { type: 'increment' },
  '-': { type: 'decrement' },
  ArrowUp: { type: 'selectPrevious' },
  ArrowDown: { type: 'selectNext' },
  Delete: { type: 'removeSelected' },
  F1: { type: 'help' },
  '?': { type: 'help' },
  F2: { type: 'pay', method: 'cash' },
  F3: { type: 'pay', method: 'card' },
  F4: { type: 'pay', method: 'other' },
  F6: { type: 'toggleRefund' },
  F7: { type: 'toggleToday' },
  F9: { type: 'printLast' },
  p: { type: 'printLast' },
  P: { type: 'printLast' },
};

export function actionForKey(event: KeyLike): TillAction | undefined {
  if (event.ctrlKey || event.altKey || event.metaKey) return undefined;
  if (/^[0-9]$/.test(event.key) || event.key === '.' || event.key === ',') {
    return { type: 'type', text: event.key };
  }
  return FIXED[event.key];
}

/** For the help overlay: the keys, as printed on a keyboard, and the message describing them. */
export const KEY_HELP = [
  { keys: ['0–9', '00'], message: 'help.digits' },
  { keys: ['Enter'], message: 'help.enter' },
  { keys: ['⌫'], message: 'help.backspace' },
  { keys: ['Esc'], message: 'help.escape' },
  { keys: ['*'], message: 'help.times' },
  { keys: ['+', '−'], message: 'help.plusMinus' },
  { keys: ['↑', '↓'], message: 'help.arrows' },
  { keys: ['Supr / Del'], message: 'help.delete' },
  { keys: ['F2'], message: 'help.cash' },
  { keys: ['F3'], message: 'help.card' },
  { keys: ['F4'], message: 'help.other' },
  { keys: ['F6'], message: 'help.refund' },
  { keys: ['F9', 'P'], message: 'help.print' },
  { keys: ['F7'], message: 'help.today' },
  { keys: ['0–9', 'Enter'], message: 'help.todayNumber' },
  { keys: ['M'], message: 'help.todayModify' },
  { keys: ['D'], message: 'help.todayRefund' },
  { keys: ['A'], message: 'help.todayVoid' },
  { keys: ['F1', '?'], message: 'help.help' },
] as const;
