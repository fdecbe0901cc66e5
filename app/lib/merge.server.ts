// Server functions of the merge dialogs (conversations and customers), for the routes that offer them.
export { mergeConversations, mergeInput } from "~/server/domain/merge/merge-conversations.ts";
export { mergeContacts } from "~/server/domain/merge/merge-contacts.ts";
