import { useRouteLoaderData } from "react-router";
import type { loader } from "~/app/routes/app-layout.tsx";

/** The signed-in agent, nav counts and directory, loaded once by the app layout. */
export function useWorkspace() {
  const data = useRouteLoaderData<typeof loader>("routes/app-layout");
  if (!data) throw new Error("useWorkspace must be used inside the app layout");
  return data;
}
