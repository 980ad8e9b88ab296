// npm run build: builds every package in dependency order.
import { build, ensureInstalled } from './lib.mjs';

ensureInstalled();
build();
