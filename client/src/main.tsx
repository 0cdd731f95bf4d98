import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './i18n/index.js'
import './styles.css'
import { App } from './app/App.js'
import { startOfflineSupport } from './app/serviceWorker.js'

startOfflineSupport()

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}
