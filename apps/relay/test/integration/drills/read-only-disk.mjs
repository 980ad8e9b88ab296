// A read-only disk for the built relay, at the OS boundary: started with
// `node --import <this file> dist/main.js`, the relay runs unchanged, but while the file named by
// CAJA_READ_ONLY_TRIGGER exists every write under DATA_DIR fails with EROFS, as on a file system
// remounted read-only: writes, truncates and fsyncs on open files, and opening for writing,
// creating, renaming and deleting entries. Reads keep working. (Linux refuses to remount a file
// system read-only while the relay holds its journal open, so this is how the drill gets one.)
import fs, { existsSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve, sep } from 'node:path';

const trigger = process.env.CAJA_READ_ONLY_TRIGGER;
const dataDir = resolve(process.env.DATA_DIR ?? './data');

const under = (path) => {
  const full = resolve(String(path));
  return full === dataDir || full.startsWith(dataDir + sep);
};
const readOnly = () => trigger !== undefined && existsSync(trigger);
const erofs = (syscall, path) =>
  Object.assign(new Error(`EROFS: read-only file system, ${syscall} '${path}'`), {
    code: 'EROFS',
    errno: -30,
    syscall,
    path,
  });

// Files opened under DATA_DIR: their writes fail while the disk is read-only.
const handlesUnder = new WeakSet();
const promises = fs.promises;
const open = promises.open;
const writesTo = (flags) =>
  typeof flags === 'number'
    ? (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT)) !== 0
    : flags !== undefined && flags !== 'r';
promises.open = async function (path, flags, mode) {
  if (under(path) && readOnly() && writesTo(flags)) throw erofs('open', path);
  const handle = await open.call(this, path, flags, mode);
  if (under(path)) handlesUnder.add(handle);
  return handle;
};

const probe = await open(process.execPath, 'r');
const FileHandle = Object.getPrototypeOf(probe);
await probe.close();
for (const method of [
  'write',
  'writev',
  'writeFile',
  'appendFile',
  'truncate',
  'sync',
  'datasync',
]) {
  const original = FileHandle[method];
  FileHandle[method] = function (...args) {
    if (handlesUnder.has(this) && readOnly()) return Promise.reject(erofs(method, dataDir));
    return original.apply(this, args);
  };
}

// Entries: creating, renaming, deleting under DATA_DIR.
for (const method of ['rename', 'unlink', 'mkdir', 'writeFile', 'appendFile', 'rm', 'rmdir']) {
  const original = promises[method];
  promises[method] = function (path, ...args) {
    if ((under(path) || (method === 'rename' && under(args[0]))) && readOnly())
      return Promise.reject(erofs(method, path));
    return original.call(this, path, ...args);
  };
}
for (const method of ['writeFileSync', 'appendFileSync', 'renameSync', 'unlinkSync', 'mkdirSync']) {
  const original = fs[method];
  fs[method] = function (path, ...args) {
    if (under(path) && readOnly()) throw erofs(method.replace(/Sync$/, ''), path);
    return original.call(this, path, ...args);
  };
}
// Modules that import named bindings (import { open } from 'node:fs/promises') see the above.
syncBuiltinESMExports();
