import type { Route } from "./+types/attribute-definitions";
import { requireUser } from "~/app/lib/auth.server.ts";
import { listAttributes } from "~/app/lib/customers.server.ts";
import { orThrowResponse } from "~/app/lib/errors.server.ts";

/** The attribute definitions the agent may see, for the conversation's customer panel (`?entity=contact`). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const entity = new URL(request.url).searchParams.get("entity") ?? undefined;
  return Response.json(await orThrowResponse(listAttributes(context.app, user, entity)));
}
