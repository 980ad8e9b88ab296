// What the relay or the network said, in the cashier's language: the relay's own messages are
// English and written for operators (some name a command to run), so the screen shows a
// translated message chosen by the error's code, and says what to do.
import type { MessageKey } from '../i18n/index.js';
import type { Message } from '../sale/messages.js';
import { RelayError } from './relay-error.js';

/** Relay error codes the cashier can act on → the message that says how. */
const BY_CODE = new Map<string, MessageKey>([
  ['invalid_pairing_code', 'relay.invalidPairingCode'],
  ['invalid_till_name', 'relay.invalidTillName'],
  ['invalid_request', 'relay.invalidRequest'],
  ['unknown_token', 'relay.revoked'],
  ['revoked_token', 'relay.revoked'],
  ['missing_token', 'relay.revoked'],
  ['rate_limited', 'relay.rateLimited'],
  ['version_conflict', 'relay.versionConflict'],
  ['invalid_bill', 'relay.invalidBill'],
  ['total_mismatch', 'relay.invalidBill'],
  ['bill_too_large', 'relay.billTooLarge'],
  ['too_large', 'relay.billTooLarge'],
  ['not_your_till', 'relay.notYourTill'],
  ['storage_unavailable', 'relay.storageUnavailable'],
  ['shutting_down', 'relay.storageUnavailable'],
  ['invalid_date', 'relay.invalidDate'],
]);

export function relayMessage(code: string, status: number): Message {
  const key = BY_CODE.get(code);
  if (key) return { key, params: { code, status } };
  if (status >= 500) return { key: 'relay.serverError', params: { code, status } };
  return { key: 'relay.refused', params: { code, status } };
}

/** Any failure of a call to the relay, as a message. */
export function relayErrorMessage(error: unknown): Message {
  if (error instanceof RelayError) {
    if (error.kind === 'network') {
      return {
        key: error.message.includes('in time') ? 'relay.timeout' : 'relay.unreachable',
        params: {},
      };
    }
    if (error.kind === 'bad_response') return { key: 'relay.badResponse', params: {} };
    return relayMessage(error.code, error.status);
  }
  return { key: 'relay.unreachable', params: {} };
}
