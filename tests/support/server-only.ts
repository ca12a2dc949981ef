// "server-only" throws outside a React Server Component bundle; tests run server code directly.
export {};
