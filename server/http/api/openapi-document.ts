import { z } from "zod";
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import type { DocumentedRoute } from "./api-router.ts";

const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

/**
 * OpenAPI 3.1 description of REST API v1, generated from the routes as they are mounted: each
 * route's path parameters, query and body schema (the same zod schema its flow parses).
 */
export function openApiDocument(publicUrl: string, routes: DocumentedRoute[]) {
  const registry = new OpenAPIRegistry();
  // A schema with a metadata id becomes a component the operations refer to; `.meta()` returns a named
  // copy and leaves the flow's schema as it is. (Not `extendZodWithOpenApi` + `.openapi()`: zod 4 copies
  // prototype methods onto a schema when it is built, so the flows' schemas, built first, never get it.)
  const named = new Map<string, { source: z.ZodType; copy: z.ZodType }>();
  const component = ({ name, schema }: { name: string; schema: z.ZodType }) => {
    const known = named.get(name);
    if (known && known.source !== schema) throw new Error(`Two different schemas are documented as ${name}`);
    if (!known) named.set(name, { source: schema, copy: schema.meta({ id: name }) });
    return named.get(name)!.copy;
  };
  const error = component({ name: "Error", schema: errorBody });
  const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: error } } });
  registry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });

  for (const r of routes) {
    const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    registry.registerPath({
      method: r.method,
      path: r.path.replace(/:(\w+)/g, "{$1}"),
      summary: r.summary,
      ...(r.public ? { security: [] } : {}),
      request: {
        ...(params.length ? { params: z.object(Object.fromEntries(params.map((p) => [p, z.string()]))) } : {}),
        ...(r.query ? { query: r.query } : {}),
        ...(r.body ? { body: { required: true, content: { "application/json": { schema: component(r.body) } } } } : {}),
        ...(r.form ? { body: { required: true, content: { "multipart/form-data": { schema: component(r.form) } } } } : {}),
        ...(r.fileBody
          ? { body: { required: true, content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } } }
          : {}),
      },
      responses: {
        [String(r.status ?? 200)]: { description: "Success" },
        "400": errorResponse("Invalid input"),
        ...(r.form || r.fileBody ? { "413": errorResponse("File too large") } : {}),
        ...(r.public ? {} : { "401": errorResponse("Missing or invalid token") }),
        "403": errorResponse(r.admin ? "Admins only" : "Forbidden"),
        "429": errorResponse("Rate limited"),
      },
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Switchboard API",
      version: "1.0.0",
      description: "Omnichannel support inbox. Authenticate with `Authorization: Bearer <token>` from POST /auth/token.",
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    security: [{ bearer: [] }],
  });
}
