import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openApiDocument } from "./openapi-document.ts";
import type { DocumentedRoute } from "./api-router.ts";

const merge = z.object({ intoId: z.string().min(1) }).strict();

describe("openApiDocument", () => {
  it("turns Express paths into OpenAPI paths with their parameters, and shares a body schema used twice", () => {
    const routes: DocumentedRoute[] = [
      { method: "post", path: "/conversations/:id/merge", summary: "a", body: { name: "Merge", schema: merge } },
      { method: "post", path: "/contacts/:id/merge", summary: "b", body: { name: "Merge", schema: merge } },
      { method: "delete", path: "/documents/:id/links/:conversationId", summary: "c", status: 204 },
    ];
    const doc = openApiDocument("http://sb.test", routes);
    const unlink = doc.paths!["/documents/{id}/links/{conversationId}"]!.delete!;
    expect(unlink.parameters?.map((p) => ("name" in p ? p.name : null))).toEqual(["id", "conversationId"]);
    expect(Object.keys(unlink.responses!)).toEqual(["204", "400", "401", "403", "429"]);
    expect(doc.components?.schemas?.Merge).toMatchObject({ required: ["intoId"], additionalProperties: false });
    expect(doc.paths!["/contacts/{id}/merge"]!.post!.requestBody).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/Merge" } } },
    });
  });

  it("refuses two different schemas under one name", () => {
    const routes: DocumentedRoute[] = [
      { method: "post", path: "/a", summary: "a", body: { name: "Body", schema: merge } },
      { method: "post", path: "/b", summary: "b", body: { name: "Body", schema: z.object({}) } },
    ];
    expect(() => openApiDocument("http://sb.test", routes)).toThrow(/Body/);
  });
});
