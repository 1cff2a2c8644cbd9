/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_AUTHORITY?: string;
  readonly VITE_CLIENT_ID?: string;
  readonly VITE_API_SCOPE?: string;
  readonly VITE_API_URL?: string;
  readonly VITE_GRAPH_URL?: string;
  readonly VITE_TOKEN_RENEWAL_OFFSET_SECONDS?: string;
  readonly VITE_REFRESH_TOKEN_EXPIRATION_OFFSET_SECONDS?: string;
}
