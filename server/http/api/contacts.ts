import { Router } from "express";
import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { listContacts } from "~/server/domain/contacts/list-contacts.ts";
import { createContact } from "~/server/domain/contacts/create-contact.ts";
import { getContact } from "~/server/domain/contacts/get-contact.ts";
import { getContactTimeline } from "~/server/domain/contacts/get-contact-timeline.ts";
import { pageQuery } from "./query.ts";

export function contactRoutes(ctx: AppContext) {
  const router = Router();
  router.get(
    "/contacts",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await listContacts(ctx, actor, { query: String(req.query.query ?? ""), ...pageQuery(req) }));
    }),
  );
  router.post(
    "/contacts",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.status(201).json(await createContact(ctx, actor, req.body));
    }),
  );
  router.get(
    "/contacts/:id",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await getContact(ctx, actor, String(req.params.id)));
    }),
  );
  router.get(
    "/contacts/:id/timeline",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await getContactTimeline(ctx, actor, String(req.params.id), pageQuery(req)));
    }),
  );
  return router;
}
