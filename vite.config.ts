import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const apiPort = process.env.PORT ?? '3000'

export default defineConfig({
  root: 'client',
  plugins: [react()],
  resolve: {
    // simple-peer's package entry expects Node globals; its prebuilt browser bundle does not.
    alias: [{ find: /^simple-peer$/, replacement: 'simple-peer/simplepeer.min.js' }],
  },
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      // The API refuses writes from other origins: keep the browser's Host so the dev page counts as its own.
      '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: false },
      '/socket.io': { target: `ws://127.0.0.1:${apiPort}`, ws: true },
    },
  },
})
