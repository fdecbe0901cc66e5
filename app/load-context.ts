// The Node server passes `{ app, ip }` from getLoadContext (server/index.ts); loaders and actions
// read the AppContext from there and hand it to domain functions.
declare module "react-router" {
  interface AppLoadContext {
    app: import("~/server/context.ts").AppContext;
    /** The client's address as the HTTP layer determined it (trust proxy rules live there). */
    ip?: string;
  }
}

export {};
