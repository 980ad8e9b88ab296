// Catalog and shop settings for the tills. Wiring, in the relay's composition root:
//   app.use(createCatalogRouter({
//     catalog: new FileCatalogRepository(dataDir),
//     settings: readShopSettings(process.env),
//     requireToken, requireAdmin,
//   }));
export * from './catalog.js';
export * from './catalog-repository.js';
export * from './router.js';
export * from './settings-store.js';
