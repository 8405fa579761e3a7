import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// The PWA build: `npm run build` writes apps/pwa/dist, which the server serves (server/app.ts).
// No RxDB dev-mode anywhere: it fetches a page from the internet.
export default defineConfig({
  root: import.meta.dirname,
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  plugins: [
    preact(),
    VitePWA({
      // Updates are offered, never applied by themselves: a reload in the middle of a plot
      // would stop the plot (src/components/update-prompt.tsx asks first).
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icon-192.png', 'icon-512.png'],
      manifest: {
        name: 'fabdesk',
        short_name: 'fabdesk',
        description: 'The fab lab plot desk: jobs, pens, papers and plotters, offline first',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f6f7f9',
        theme_color: '#1d4ed8',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        // Client routes (/jobs/…, /settings) load the app shell; the API never does.
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/(auth|sync|leases|staff|health|jobs|runs|blobs)(\/|$)/],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
});
