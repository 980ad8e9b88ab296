// The catalog (items and prices for the tills' quick keys); its router also serves the shop
// settings (settings/). Wiring, in the relay's composition root:
//   app.use(createCatalogRouter({
//     catalog: new FileCatalogRepository(dataDir),
//     settings: readShopSettings(process.env),
//     requireToken, requireAdmin,
//   }));
export * from './catalog.js';
export * from './catalog-repository.js';
export * from './router.js';
