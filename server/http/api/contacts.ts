import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { listContacts } from "~/server/domain/contacts/list-contacts.ts";
import { createContact, createContactInput } from "~/server/domain/contacts/create-contact.ts";
import { getContact } from "~/server/domain/contacts/get-contact.ts";
import { getContactTimeline } from "~/server/domain/contacts/get-contact-timeline.ts";
import { updateContact, updateContactInput } from "~/server/domain/contacts/update-contact.ts";
import { recordView } from "~/server/domain/reports/record-report-event.ts";
import { apiRouter } from "./api-router.ts";
import { pageQuery, queryParams } from "./query.ts";

export function contactRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/contacts",
    { summary: "Search contacts by name, email or phone", query: queryParams("query", "cursor", "limit") },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await listContacts(ctx, actor, { query: String(req.query.query ?? ""), ...pageQuery(req) }));
    }),
  );
  api.post(
    "/contacts",
    { summary: "Create a contact", body: { name: "NewContact", schema: createContactInput }, status: 201 },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.status(201).json(await createContact(ctx, actor, req.body));
    }),
  );
  api.get(
    "/contacts/:id",
    { summary: "A contact with identities, company and conversations" },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      const contact = await getContact(ctx, actor, String(req.params.id));
      recordView(ctx, actor, { contactId: contact.id });
      res.json(contact);
    }),
  );
  api.patch(
    "/contacts/:id",
    {
      summary: "Change a contact's name, or link (companyId) or unlink (null) its company",
      body: { name: "ContactChange", schema: updateContactInput },
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await updateContact(ctx, actor, String(req.params.id), req.body));
    }),
  );
  api.get(
    "/contacts/:id/timeline",
    {
      summary: "One timeline across all the contact's conversations and channels, newest first",
      query: queryParams("cursor", "limit"),
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await getContactTimeline(ctx, actor, String(req.params.id), pageQuery(req)));
    }),
  );
  return api;
}
