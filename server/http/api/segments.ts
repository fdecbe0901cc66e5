import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { createSegment, createSegmentInput } from "~/server/domain/segments/create-segment.ts";
import { updateSegment, updateSegmentInput } from "~/server/domain/segments/update-segment.ts";
import { deleteSegment } from "~/server/domain/segments/delete-segment.ts";
import { getSegment, listSegments } from "~/server/domain/segments/list-segments.ts";
import { listSegmentContacts } from "~/server/domain/segments/list-segment-contacts.ts";
import { apiRouter } from "./api-router.ts";
import { pageQuery, queryParams } from "./query.ts";

/** Saved contact filters (issue 14), private or shared with a department, with live counts. */
export function segmentRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/segments",
    { summary: "The actor's own and shared segments, each with its live count" },
    route(async (req, res) => {
      res.json(await listSegments(ctx, await requireActor(ctx, req, res)));
    }),
  );
  api.post(
    "/segments",
    { summary: "Save a contact filter as a segment", body: { name: "NewSegment", schema: createSegmentInput }, status: 201 },
    route(async (req, res) => {
      res.status(201).json(await createSegment(ctx, await requireActor(ctx, req, res), req.body));
    }),
  );
  api.get(
    "/segments/:id",
    { summary: "A segment with its live count" },
    route(async (req, res) => {
      res.json(await getSegment(ctx, await requireActor(ctx, req, res), String(req.params.id)));
    }),
  );
  api.patch(
    "/segments/:id",
    { summary: "Rename, refilter or (un)share a segment (owner or admin)", body: { name: "SegmentChange", schema: updateSegmentInput } },
    route(async (req, res) => {
      res.json(await updateSegment(ctx, await requireActor(ctx, req, res), String(req.params.id), req.body));
    }),
  );
  api.delete(
    "/segments/:id",
    { summary: "Delete a segment (owner or admin)" },
    route(async (req, res) => {
      res.json(await deleteSegment(ctx, await requireActor(ctx, req, res), String(req.params.id)));
    }),
  );
  api.get(
    "/segments/:id/contacts",
    { summary: "The segment's contacts, newest first, keyset paginated", query: queryParams("cursor", "limit") },
    route(async (req, res) => {
      res.json(await listSegmentContacts(ctx, await requireActor(ctx, req, res), String(req.params.id), pageQuery(req)));
    }),
  );
  return api;
}
