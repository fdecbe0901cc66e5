import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { apiRoutes } from "~/server/http/api/index.ts";
import { CONVERSATION_STATUSES, PRIORITIES, ROLES } from "~/common/vocabulary.ts";
import { replyBody } from "~/server/domain/messages/send-reply.ts";
import { handoffInput } from "~/server/domain/assignment/handoff.ts";

/**
 * GET /api/v1/openapi.json documents every route mounted under /api/v1. The list of routes is read
 * from the Express router itself, so adding a route without documenting it fails this test.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ ui: false });
});
afterAll(async () => {
  await server?.stop();
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string;
}

/** `METHOD /path/{param}` for every route in an Express router, nested routers included. */
function mountedRoutes(stack: Layer[], prefix = ""): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const path = (prefix + layer.route.path).replace(/:(\w+)/g, "{$1}");
      for (const [method, on] of Object.entries(layer.route.methods))
        if (on && method !== "_all") out.push(`${method.toUpperCase()} ${path}`);
    } else if (layer.handle?.stack) {
      const mount = layer.rawPath && layer.rawPath !== "/" ? layer.rawPath : "";
      out.push(...mountedRoutes(layer.handle.stack, prefix + mount));
    }
  }
  return out;
}

describe("OpenAPI document", () => {
  it("is served without authentication as OpenAPI 3.1 JSON", async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(doc.servers[0].url).toBe(`${server.url}/api/v1`);
  });

  it("documents exactly the routes mounted under /api/v1", async () => {
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const mounted = mountedRoutes((apiRoutes(server.ctx) as unknown as { stack: Layer[] }).stack)
      .filter((r) => r !== "GET /openapi.json")
      .sort();
    expect(mounted.length).toBeGreaterThan(10);
    expect(
      mounted.filter((r) => !documented.includes(r)),
      "mounted but undocumented",
    ).toEqual([]);
    expect(
      documented.filter((r) => !mounted.includes(r)),
      "documented but not mounted",
    ).toEqual([]);
  });

  it("describes path parameters, bodies and error responses for each operation", async () => {
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(methods)) {
        const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const declared = (op.parameters ?? []).filter((p: { in: string }) => p.in === "path").map((p: { name: string }) => p.name);
        expect(declared, `${method} ${path}`).toEqual(params);
        expect(op.summary, `${method} ${path}`).toEqual(expect.any(String));
        expect(op.responses["400"], `${method} ${path}`).toBeDefined();
        if (op.requestBody?.content["application/json"]) {
          const ref: string = op.requestBody.content["application/json"].schema.$ref;
          expect(doc.components.schemas[ref.split("/").pop()!], `${method} ${path} body ${ref}`).toBeDefined();
        } else if (op.requestBody?.content["multipart/form-data"]) {
          const ref: string = op.requestBody.content["multipart/form-data"].schema.$ref;
          const form = doc.components.schemas[ref.split("/").pop()!];
          expect(form?.properties?.file, `${method} ${path} form ${ref}`).toMatchObject({ type: "string", format: "binary" });
        } else if (op.requestBody) {
          expect(op.requestBody.content["application/octet-stream"].schema, `${method} ${path} file body`).toEqual({
            type: "string",
            format: "binary",
          });
        }
      }
    }
  });

  it("takes each request body from the schema its flow parses", async () => {
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    const body = (path: string, method: string) => {
      const ref: string = doc.paths[path][method].requestBody.content["application/json"].schema.$ref;
      return doc.components.schemas[ref.split("/").pop()!];
    };
    expect(Object.keys(body("/conversations/{id}/messages", "post").properties).sort()).toEqual(Object.keys(replyBody.shape).sort());
    expect(body("/conversations/{id}/handoff", "post").required).toEqual(["departmentId"]);
    expect(Object.keys(body("/conversations/{id}/handoff", "post").properties)).toEqual(Object.keys(handoffInput.shape));
    expect(body("/conversations/{id}", "patch").properties.status.enum).toEqual([...CONVERSATION_STATUSES]);
    expect(body("/conversations/{id}", "patch").properties.priority.enum).toEqual([...PRIORITIES]);
    expect(body("/users", "post").properties.role.enum).toEqual([...ROLES]);
    for (const path of ["/uploads", "/contacts/{id}/documents", "/documents/{id}/versions"])
      expect(doc.paths[path].post.requestBody.content, path).toHaveProperty(["application/octet-stream"]);
  });
});
