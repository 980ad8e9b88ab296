import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { actionForKey, KEY_HELP } from '../../src/keyboard/keymap.js';

describe('actionForKey', () => {
  it.each([
    ['7', { type: 'type', text: '7' }],
    [',', { type: 'type', text: ',' }],
    ['Enter', { type: 'enter' }],
    ['Backspace', { type: 'backspace' }],
    ['*', { type: 'multiply' }],
    ['+', { type: 'increment' }],
    ['-', { type: 'decrement' }],
    ['F2', { type: 'pay', method: 'cash' }],
    ['F3', { type: 'pay', method: 'card' }],
    ['F4', { type: 'pay', method: 'other' }],
    ['F1', { type: 'help' }],
    ['?', { type: 'help' }],
    ['F9', { type: 'printLast' }],
  ])('maps %s', (key, action) => {
    expect(actionForKey({ key })).toEqual(action);
  });

  it('leaves browser shortcuts and unknown keys alone', () => {
    expect(actionForKey({ key: 'p', ctrlKey: true })).toBeUndefined();
    expect(actionForKey({ key: '1', altKey: true })).toBeUndefined();
    expect(actionForKey({ key: 'q' })).toBeUndefined();
    expect(actionForKey({ key: 'F5' })).toBeUndefined();
  });

  it('documents every key in the help overlay with an existing message', () => {
    for (const row of KEY_HELP) expect(en[row.message]).toBeTruthy();
  });
});
