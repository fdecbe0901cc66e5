import type { Route } from "./+types/inbox-conversation";
import { conversationAction, conversationLoader } from "~/app/lib/conversation.server.ts";
import { ConversationView } from "~/app/components/conversation/conversation-view.tsx";

export const loader = (args: Route.LoaderArgs) => conversationLoader(args);
export const action = (args: Route.ActionArgs) => conversationAction(args);

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `#${data.conversation.number} ${data.conversation.subject} · Switchboard` : "Switchboard" },
];

export default function InboxConversation({ loaderData }: Route.ComponentProps) {
  return <ConversationView key={loaderData.conversation.id} data={loaderData} />;
}

export { RouteErrorPane as ErrorBoundary } from "~/app/components/route-error.tsx";
