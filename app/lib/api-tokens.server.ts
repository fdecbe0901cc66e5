// Personal API tokens for the account pages (server/auth owns them).
export { createPersonalApiToken, listApiTokens, revokeApiToken } from "~/server/auth/api-token.ts";
