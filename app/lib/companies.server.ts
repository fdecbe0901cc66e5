// Server functions of the company pages and the customer's company card.
export { createCompany } from "~/server/domain/companies/create-company.ts";
export { updateCompany } from "~/server/domain/companies/update-company.ts";
export { getCompany } from "~/server/domain/companies/get-company.ts";
export { listCompanies } from "~/server/domain/companies/list-companies.ts";
export { getCompanyTimeline } from "~/server/domain/companies/get-company-timeline.ts";
export { updateContact } from "~/server/domain/contacts/update-contact.ts";
