import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { eraseContact } from "~/server/domain/privacy/erase-contact.ts";
import { exportContact } from "~/server/domain/privacy/export-contact.ts";
import { getRetentionPolicy, retentionInput, setRetentionPolicy } from "~/server/domain/privacy/retention-policy.ts";
import { badRequest } from "~/server/lib/errors.ts";
import { apiRouter } from "./api-router.ts";
import { queryParams } from "./query.ts";

/** Personal data: export, erasure, retention (issue 15; docs/decisions/019-erasure.md). Admins only. */
export function privacyRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/contacts/:id/export",
    { summary: "Everything held about a contact as a ZIP: JSON (contact, conversations, messages, documents) and the files", admin: true },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      const { zip, filename } = await exportContact(ctx, actor, String(req.params.id));
      res.setHeader("content-type", "application/zip");
      res.setHeader("content-disposition", `attachment; filename="${filename}"`);
      res.setHeader("cache-control", "no-store");
      zip.outputStream.on("error", (err: Error) => {
        ctx.log.warn(`export of ${req.params.id} failed: ${err.message}`);
        res.destroy(err);
      });
      zip.outputStream.pipe(res);
    }),
  );
  api.delete(
    "/contacts/:id",
    {
      summary:
        "Erase a contact's personal data (erase=true): messages' text and files, identities, documents; an anonymous tombstone stays",
      query: queryParams("erase"),
      admin: true,
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      if (req.query.erase !== "true") throw badRequest("Contacts are not deleted, only erased: send erase=true");
      res.json(await eraseContact(ctx, actor, String(req.params.id)));
    }),
  );
  api.get(
    "/settings/retention",
    { summary: "The retention policy and its latest runs", admin: true },
    route(async (req, res) => res.json(await getRetentionPolicy(ctx, await requireActor(ctx, req, res)))),
  );
  api.put(
    "/settings/retention",
    {
      summary: "Erase or anonymise conversations resolved or closed more than `days` ago (optionally only some departments or inboxes)",
      body: { name: "RetentionPolicy", schema: retentionInput },
      admin: true,
    },
    route(async (req, res) => res.json(await setRetentionPolicy(ctx, await requireActor(ctx, req, res), req.body ?? {}))),
  );
  return api;
}
