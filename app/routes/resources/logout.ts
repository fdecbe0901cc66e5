import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { signOut } from "~/app/lib/login.server.ts";

export async function action({ request, context }: Route.ActionArgs) {
  return redirect("/login", { headers: { "Set-Cookie": await signOut(request, context) } });
}

// A GET (typed URL, old bookmark) must not sign anyone out: only the menu's POST does.
export function loader() {
  return redirect("/");
}
