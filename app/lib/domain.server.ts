// The server/ functions route modules call. Routes import them from here (a `.server` module) so
// the client bundle can never pull in database code by accident.
export { countConversations } from "~/server/domain/conversations/count-conversations.ts";
export { listConversations } from "~/server/domain/conversations/list-conversations.ts";
export { getConversation } from "~/server/domain/conversations/get-conversation.ts";
export { updateConversation } from "~/server/domain/conversations/update-conversation.ts";
export { sendReply } from "~/server/domain/messages/send-reply.ts";
export { addNote } from "~/server/domain/messages/add-note.ts";
export { getContact } from "~/server/domain/contacts/get-contact.ts";
export { getContactTimeline } from "~/server/domain/contacts/get-contact-timeline.ts";
export { search } from "~/server/domain/search/search.ts";
export { listDirectory } from "~/server/domain/directory/list-directory.ts";
export { listInboxes } from "~/server/domain/admin/list-inboxes.ts";
export { channelCan, describeChannels, inboxHealth } from "~/server/domain/channels/describe-channels.ts";
export { linkChannel, listChannelLinks, unlinkChannel } from "~/server/domain/channel-links/link-channel.ts";
export { createInbox } from "~/server/domain/admin/create-inbox.ts";
export { createDepartment } from "~/server/domain/admin/create-department.ts";
export { listDepartments } from "~/server/domain/admin/list-departments.ts";
export { handoffConversation } from "~/server/domain/assignment/handoff.ts";
export { setUserCapacity, updateDepartmentSettings } from "~/server/domain/assignment/department-settings.ts";
export { createUser } from "~/server/domain/admin/create-user.ts";
export { retryDelivery } from "~/server/domain/messages/retry-delivery.ts";
export { listNotifications, markNotificationsRead } from "~/server/domain/notifications/list-notifications.ts";
export { listCannedResponses, renderCannedResponse } from "~/server/domain/canned/canned-responses.ts";
export { listConversationDrafts, listMyDrafts } from "~/server/domain/drafts/list-drafts.ts";
export { listDocuments } from "~/server/domain/documents/list-documents.ts";
export { listAuditLog } from "~/server/domain/audit/list-audit-log.ts";
export { exportAuditLogCsv } from "~/server/domain/audit/export-audit-log.ts";
