import { EventType, PublicClientApplication } from '@azure/msal-browser';
import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';
import { MsalProvider } from '@azure/msal-react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { msalConfig } from './config.ts';
import './styles.css';

/** True when this page load is localtenant redirecting back with `code`/`error` and MSAL's `state`. */
function carriesAuthResponse(): boolean {
  const params = new URLSearchParams(window.location.hash.slice(1) || window.location.search.slice(1));
  return params.has('state') && (params.has('code') || params.has('error'));
}

if (carriesAuthResponse()) {
  // MSAL Browser v5's redirect bridge: in a popup or hidden iframe it hands the response to the window that
  // started the flow and closes; after a full-page redirect it stores it and returns to the start page.
  broadcastResponseToMainFrame().catch((error: unknown) => console.error('redirect bridge failed', error));
} else {
  const instance = new PublicClientApplication(msalConfig);
  instance.addEventCallback((event) => {
    if (event.eventType === EventType.LOGIN_SUCCESS && event.payload && 'account' in event.payload) {
      instance.setActiveAccount(event.payload.account ?? null);
    }
  });
  instance.initialize().then(() => {
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <MsalProvider instance={instance}>
          <App />
        </MsalProvider>
      </StrictMode>,
    );
  });
}
