// Minimal typings for the untyped development dependencies, covering what bench/ uses.

declare module 'autocannon' {
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
    total: number;
  }
  interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }
  interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    pipelining?: number;
    duration?: number;
    amount?: number;
    timeout?: number;
    requests?: Array<
      Request & {
        setupRequest?: (request: Request, context: object) => Request;
        onResponse?: (status: number, body: string, context: object) => void;
      }
    >;
  }
  interface Result {
    latency: Histogram;
    requests: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    '3xx': number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}

declare module 'oidc-provider' {
  interface Grant {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }
  interface Provider {
    callback(): (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;
    Client: { find(id: string): Promise<object | undefined> };
    Grant: new (properties: { accountId: string; clientId: string }) => Grant;
    AuthorizationCode: new (properties: Record<string, unknown>) => { save(): Promise<string> };
  }
  const Provider: new (issuer: string, configuration: object) => Provider;
  export default Provider;
}

declare module 'passport-azure-ad' {
  export const BearerStrategy: new (
    options: object,
    verify: (token: object, done: (error: unknown, user?: object, info?: object) => void) => void,
  ) => object;
}

declare module 'passport' {
  const passport: {
    use(strategy: unknown): void;
    initialize(): import('express').RequestHandler;
    authenticate(name: string, options: object): import('express').RequestHandler;
  };
  export default passport;
}

declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  const MemoryAdapter: new (model: string, store: unknown) => object;
  export default MemoryAdapter;
}

declare module 'oidc-provider/lib/helpers/lru.js' {
  const LRU: new (options: { maxSize: number }) => object;
  export default LRU;
}
