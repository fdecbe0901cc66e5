import { Router, type RequestHandler } from "express";
import type { z } from "zod";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** What the API document says about one route, declared where the route is mounted so the two cannot drift. */
export interface ApiOperation {
  summary: string;
  /** The success status (200 unless said). */
  status?: number;
  /** A JSON body: the flow's own schema, under the name it has in the document's components. */
  body?: { name: string; schema: z.ZodType };
  /** A multipart/form-data body: a file part beside the text fields of this schema. */
  form?: { name: string; schema: z.ZodType };
  /** The body is the file itself (any content type), not JSON. */
  fileBody?: boolean;
  /** Query parameters (their values arrive as strings). */
  query?: z.ZodObject;
  /** Admins only: documents 403 as such. */
  admin?: boolean;
  /** No bearer token needed. */
  public?: boolean;
}

export interface DocumentedRoute extends ApiOperation {
  method: HttpMethod;
  /** Express syntax (`/conversations/:id`). */
  path: string;
}

export interface ApiRouter {
  router: Router;
  routes: DocumentedRoute[];
  get: AddRoute;
  post: AddRoute;
  put: AddRoute;
  patch: AddRoute;
  delete: AddRoute;
}
type AddRoute = (path: string, operation: ApiOperation, ...handlers: RequestHandler[]) => void;

/** An Express router that records each route with its operation, for the generated OpenAPI document. */
export function apiRouter(): ApiRouter {
  const router = Router();
  const routes: DocumentedRoute[] = [];
  const add =
    (method: HttpMethod): AddRoute =>
    (path, operation, ...handlers) => {
      routes.push({ method, path, ...operation });
      router[method](path, ...handlers);
    };
  return { router, routes, get: add("get"), post: add("post"), put: add("put"), patch: add("patch"), delete: add("delete") };
}
