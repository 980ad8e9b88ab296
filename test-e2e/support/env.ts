// What the tests and the relay they start agree on (see playwright.config.ts, webServer.env).
export const E2E_PORT = Number(process.env.E2E_PORT ?? 18080);
export const BASE_URL = `http://localhost:${E2E_PORT}`;
export const RELAY_TOKEN = 'e2e-relay-token-0123456789abcdef';
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
/** What the owner types to open the back office (/office). */
export const OWNER_PASSWORD = 'e2e owner password 42';
export const STORE_TIMEZONE = 'America/Bogota';
export const SHOP = {
  SHOP_NAME: 'Tienda La Esquina',
  SHOP_ADDRESS: 'Calle 10 # 5-20, Bogotá',
  SHOP_TAX_ID: 'NIT 900.123.456-7',
};
