/**
 * Import boundaries (docs/decisions/006-layers-and-house-rules.md). Layers, bottom up:
 *   common/                    vocabulary, realtime contract, pure helpers — imports no project code but itself
 *   integrations/core/         the channel port — imports common/ only
 *   integrations/<channel>/    one channel — imports integrations/core/ and common/
 *   server/                    the process; only server/channels/registry.ts names channel folders
 *   app/                       the UI; components reach the server only through common/
 * Tests and test doubles may cross layers to set things up.
 */
const TESTS = "(\\.test\\.tsx?$|/testing/|/contract-test\\.ts$|^test/|^bench/)";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "A cycle makes two modules one; split what they share into a third.",
      from: { pathNot: TESTS },
      to: { circular: true },
    },
    {
      name: "common-is-the-bottom",
      severity: "error",
      comment: "common/ is shared by app/ and server/ and must depend on neither (nor on channels).",
      from: { path: "^common/" },
      to: { path: "^(app|server|integrations|prisma|test)/" },
    },
    {
      name: "integrations-know-no-server",
      severity: "error",
      comment: "Adapters get everything through the ChannelHost port (integrations/core).",
      from: { path: "^integrations/", pathNot: TESTS },
      to: { path: "^(server|app|prisma)/" },
    },
    {
      name: "port-knows-no-channel",
      severity: "error",
      comment: "integrations/core is the port every channel implements; it names none of them.",
      from: { path: "^integrations/core/", pathNot: TESTS },
      to: { path: "^integrations/(?!core/)" },
    },
    {
      name: "channels-are-islands",
      severity: "error",
      comment: "A channel folder imports the port and common/, never another channel.",
      from: { path: "^integrations/([^/]+)/", pathNot: ["^integrations/core/", TESTS] },
      to: { path: "^integrations/", pathNot: ["^integrations/core/", "^integrations/$1/"] },
    },
    {
      name: "only-the-registry-names-channels",
      severity: "error",
      comment: "The server asks ctx.channels and descriptors; one registry line per channel.",
      from: { path: "^server/", pathNot: ["^server/channels/registry\\.ts$", TESTS] },
      to: { path: "^integrations/(?!core/)" },
    },
    {
      name: "domain-stays-below-transport",
      severity: "error",
      comment: "Domain flows are called by routes, sockets, webhooks and jobs; they import none of them.",
      from: { path: "^server/domain/", pathNot: TESTS },
      to: { path: "^server/(channels|realtime|auth|http|jobs)/" },
    },
    {
      name: "server-knows-no-ui",
      severity: "error",
      from: { path: "^(server|integrations|common)/", pathNot: TESTS },
      to: { path: "^app/" },
    },
    {
      name: "ui-reaches-server-through-common",
      severity: "error",
      comment: "Browser code (everything in app/ but routes and *.server.ts) imports common/ and app/ only.",
      from: { path: "^app/", pathNot: ["^app/routes/", "\\.server\\.tsx?$", "^app/load-context\\.ts$", "^app/root\\.tsx$", TESTS] },
      to: { path: "^(server|integrations|prisma)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-test-code-in-production",
      severity: "error",
      from: { pathNot: TESTS },
      to: { path: TESTS },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^server/db/generated/|^build/|^\\.react-router/|/public/)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".tsx", ".js"],
    },
    moduleSystems: ["es6"],
  },
};
