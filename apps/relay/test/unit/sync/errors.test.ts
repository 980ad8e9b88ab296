import { describe, expect, it } from 'vitest';
import { SyncError, classifyDynamoError } from '../../../src/dynamo/errors.js';

function sdkError(name: string, status: number, fault: 'client' | 'server' = 'client') {
  return Object.assign(new Error(`${name} happened`), {
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status },
  });
}

describe('classifyDynamoError', () => {
  it.each([
    ['ProvisionedThroughputExceededException', 400, 'throttled'],
    ['ThrottlingException', 400, 'throttled'],
    ['RequestLimitExceeded', 400, 'throttled'],
    ['ValidationException', 400, 'rejected'],
    ['ResourceNotFoundException', 400, 'table-missing'],
    ['UnrecognizedClientException', 400, 'auth'],
    ['AccessDeniedException', 400, 'auth'],
    ['InternalServerError', 500, 'unavailable'],
    ['ServiceUnavailable', 503, 'unavailable'],
    ['SomethingNew', 400, 'unknown'],
  ])('%s (%i) is %s', (name, status, code) => {
    expect(classifyDynamoError(sdkError(name, status)).code).toBe(code);
  });

  it('treats refused and reset connections as unavailable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyDynamoError(refused).code).toBe('unavailable');
    expect(classifyDynamoError(reset).code).toBe('unavailable');
  });

  it('treats the SDK request timeout as a timeout', () => {
    const timeout = Object.assign(new Error('Connection timed out after 500 ms'), {
      name: 'TimeoutError',
    });
    expect(classifyDynamoError(timeout).code).toBe('timeout');
  });

  it('says which codes are retried and which are verdicts on one item', () => {
    const retried = ['throttled', 'unavailable', 'timeout', 'unknown'] as const;
    for (const code of retried) expect(new SyncError(code, 'x').retryable).toBe(true);
    for (const code of ['rejected', 'auth', 'table-missing', 'config', 'circuit-open'] as const)
      expect(new SyncError(code, 'x').retryable).toBe(false);
    expect(new SyncError('rejected', 'x').itemVerdict).toBe(true);
    expect(new SyncError('unavailable', 'x').itemVerdict).toBe(false);
  });

  it('keeps an existing SyncError and names the SDK error in the message', () => {
    const original = new SyncError('config', 'bad table');
    expect(classifyDynamoError(original)).toBe(original);
    expect(classifyDynamoError(sdkError('ValidationException', 400)).message).toContain(
      'ValidationException',
    );
  });
});
