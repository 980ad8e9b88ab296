import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTillRepository } from '../../../src/auth/file-till-repository.js';
import { FilePairingCodeRepository } from '../../../src/auth/pairing-codes.js';
import { hashPairingCode } from '../../../src/auth/secrets.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'caja-auth-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const till = (tillId: string) => ({
  tillId,
  name: tillId,
  tokenHash: 'a'.repeat(64),
  pairedAt: '2026-11-27T10:00:00.000Z',
  revokedAt: null,
});

describe('FileTillRepository', () => {
  it('persists tills and revocations across reopen, with no temp files left', async () => {
    const path = join(dir, 'tills.json');
    const first = await FileTillRepository.open(path);
    await Promise.all([first.add(till('till-a')), first.add(till('till-b'))]);
    await first.revoke('till-a', '2026-11-27T11:00:00.000Z');
    const reopened = await FileTillRepository.open(path);
    expect(reopened.list().map((t) => [t.tillId, t.revokedAt])).toEqual([
      ['till-a', '2026-11-27T11:00:00.000Z'],
      ['till-b', null],
    ]);
    expect(JSON.parse(readFileSync(path, 'utf8')).schemaVersion).toBe(1);
    expect(readdirSync(dir)).toEqual(['tills.json']);
  });

  it('refuses to start on a damaged file rather than un-pairing every till', async () => {
    const path = join(dir, 'tills.json');
    writeFileSync(path, '{"schemaVersion":1,"tills":[{"tillId":');
    await expect(FileTillRepository.open(path)).rejects.toThrow(/not valid JSON/);
    writeFileSync(path, '{"schemaVersion":1,"tills":[{"tillId":"x"}]}');
    await expect(FileTillRepository.open(path)).rejects.toThrow(/malformed/);
  });
});

describe('FilePairingCodeRepository', () => {
  it('hands a code out exactly once, even to concurrent attempts', async () => {
    const codes = new FilePairingCodeRepository(join(dir, 'pairing-codes'));
    const hash = hashPairingCode('ABCDEFGH');
    const expiresAt = new Date('2026-11-27T10:15:00.000Z');
    await codes.save(hash, expiresAt);
    // A second repository on the same folder is what `main.js pair` and the relay are.
    const other = new FilePairingCodeRepository(join(dir, 'pairing-codes'));
    const taken = await Promise.all([codes.take(hash), other.take(hash), codes.take(hash)]);
    expect(taken.filter((date) => date?.getTime() === expiresAt.getTime())).toHaveLength(1);
    expect(taken.filter((date) => date === undefined)).toHaveLength(2);
  });

  it('removes expired codes and keeps live ones', async () => {
    const folder = join(dir, 'pairing-codes');
    const codes = new FilePairingCodeRepository(folder);
    await codes.save(hashPairingCode('AAAAAAAA'), new Date('2026-11-27T10:00:00Z'));
    await codes.save(hashPairingCode('BBBBBBBB'), new Date('2026-11-27T12:00:00Z'));
    expect(await codes.removeExpired(new Date('2026-11-27T11:00:00Z'))).toBe(1);
    expect(readdirSync(folder)).toEqual([`${hashPairingCode('BBBBBBBB')}.json`]);
  });

  it('only ever uses hashes as file names', async () => {
    const codes = new FilePairingCodeRepository(dir);
    await expect(codes.take('../../etc/passwd')).rejects.toThrow(/sha256/);
  });
});
