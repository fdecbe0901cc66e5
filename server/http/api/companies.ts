import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { createCompany, createCompanyInput } from "~/server/domain/companies/create-company.ts";
import { deleteCompany, updateCompany, updateCompanyInput } from "~/server/domain/companies/update-company.ts";
import { getCompany } from "~/server/domain/companies/get-company.ts";
import { listCompanies } from "~/server/domain/companies/list-companies.ts";
import { getCompanyTimeline } from "~/server/domain/companies/get-company-timeline.ts";
import { apiRouter } from "./api-router.ts";
import { optionalString, pageQuery, queryParams } from "./query.ts";

export function companyRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/companies",
    { summary: "Companies by name or domain, alphabetical", query: queryParams("query", "cursor", "limit") },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await listCompanies(ctx, actor, { query: optionalString(req.query.query), ...pageQuery(req) }));
    }),
  );
  api.post(
    "/companies",
    { summary: "Create a company; contacts at its domains join it", body: { name: "NewCompany", schema: createCompanyInput }, status: 201 },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.status(201).json(await createCompany(ctx, actor, req.body));
    }),
  );
  api.get(
    "/companies/:id",
    { summary: "A company with its people and their latest conversations" },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await getCompany(ctx, actor, String(req.params.id)));
    }),
  );
  api.patch(
    "/companies/:id",
    { summary: "Change a company's name, domains (the whole list) or notes", body: { name: "CompanyChange", schema: updateCompanyInput } },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await updateCompany(ctx, actor, String(req.params.id), req.body));
    }),
  );
  api.delete(
    "/companies/:id",
    { summary: "Delete a company (its people stay, unlinked)", admin: true },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await deleteCompany(ctx, actor, String(req.params.id)));
    }),
  );
  api.get(
    "/companies/:id/timeline",
    { summary: "One timeline across all conversations of the company's people, newest first", query: queryParams("cursor", "limit") },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await getCompanyTimeline(ctx, actor, String(req.params.id), pageQuery(req)));
    }),
  );
  return api;
}
