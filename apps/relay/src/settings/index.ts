// The shop's settings (name, address, tax id, money format, thresholds): the environment's
// values, with the owner's edits kept in DATA_DIR/settings.json, served at /api/v1/settings.
export * from './settings-store.js';
export * from './router.js';
