// The back office's entry: loaded by src/main.ts only on /office, so a till never downloads it.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import OfficeApp from './OfficeApp.vue';
import './office.css';

export function mountOffice(root: string | Element): void {
  document.documentElement.lang = navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
  createApp(OfficeApp).use(createPinia()).mount(root);
}
