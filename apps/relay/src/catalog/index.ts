// The catalog (items and prices for the tills' quick keys), kept in DATA_DIR/catalog.json and
// served at /api/v1/catalog.
export * from './catalog.js';
export * from './catalog-repository.js';
export * from './router.js';
