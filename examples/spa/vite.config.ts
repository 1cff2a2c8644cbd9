import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Vite configuration of the example SPA (http://localhost:3000).
 * MSAL, React and the redirect bridge are pre-bundled at start-up so the first page load never triggers
 * Vite's "new dependencies found, reloading" — which would interrupt a sign-in half-way.
 */
export default defineConfig({
  plugins: [react()],
  server: { port: 3000, strictPort: true },
  preview: { port: 3000, strictPort: true },
  // MSAL Browser alone is ~400 kB minified; one chunk is fine for an example.
  build: { chunkSizeWarningLimit: 1000 },
  optimizeDeps: {
    include: [
      'react',
      'react-dom/client',
      'react/jsx-runtime',
      'react/jsx-dev-runtime',
      '@azure/msal-browser',
      '@azure/msal-browser/redirect-bridge',
      '@azure/msal-react',
    ],
  },
});
