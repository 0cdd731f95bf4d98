import { StrictMode, startTransition } from 'react'
import { createRoot } from 'react-dom/client'
import './i18n/index.js'
import './styles.css'
import { App } from './app/App.js'
import { whenIdle } from './app/idle.js'
import { startOfflineSupport } from './app/serviceWorker.js'

// The outbox and the service worker wait for a quiet moment: the first page comes first.
whenIdle(startOfflineSupport)

const root = document.getElementById('root')
if (root) {
  // A transition, so React renders the first page in small slices: on an old school laptop the page stays
  // responsive to a tap while it builds (one long task would block it for a second or more).
  startTransition(() => {
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    )
  })
}
