import { describe, expect, it } from 'vitest';
import { RelayError } from '../../src/api/relay-error.js';
import { relayErrorMessage, relayMessage } from '../../src/api/relay-messages.js';
import { en } from '../../src/i18n/en.js';
import { es } from '../../src/i18n/es.js';
import { translate } from '../../src/i18n/index.js';

describe('relay messages in the cashier’s language', () => {
  it('translates by code, never showing the relay’s English text', () => {
    const error = new RelayError(
      'http',
      'This pairing code is unknown, already used or expired. Ask for a new one (node apps/relay/dist/main.js pair)',
      401,
      'invalid_pairing_code',
    );
    const message = relayErrorMessage(error);
    const spanish = translate('es', message.key, message.params);
    expect(spanish).toContain('pida uno nuevo');
    expect(spanish).not.toMatch(/node|dist|unknown/);
  });

  it('says what to do for network failures, unknown codes and server errors', () => {
    expect(relayErrorMessage(new RelayError('network', 'The relay cannot be reached')).key).toBe(
      'relay.unreachable',
    );
    expect(relayMessage('something_new', 418).key).toBe('relay.refused');
    expect(relayMessage('internal_error', 500).key).toBe('relay.serverError');
  });

  it('has every relay message in both languages', () => {
    const keys = Object.keys(en).filter((key) => key.startsWith('relay.'));
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys) expect(es[key as keyof typeof es]).not.toBe(en[key as keyof typeof en]);
  });
});
