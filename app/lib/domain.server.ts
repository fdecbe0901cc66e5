// The server/ functions route modules call. Routes import them from here (a `.server` module) so
// the client bundle can never pull in database code by accident.
export { countConversations } from "~/server/domain/conversations/count-conversations.ts";
export { listConversations } from "~/server/domain/conversations/list-conversations.ts";
export { conversationFilterOrNull, parseConversationFilter } from "~/server/domain/attributes/compile-conversation-filter.ts";
export { getConversation } from "~/server/domain/conversations/get-conversation.ts";
export { updateConversation } from "~/server/domain/conversations/update-conversation.ts";
export { sendReply } from "~/server/domain/messages/send-reply.ts";
export { cancelReply } from "~/server/domain/messages/cancel-reply.ts";
export { sendDelayOf, setSendDelay } from "~/server/domain/users/send-delay.ts";
export { addNote } from "~/server/domain/messages/add-note.ts";
export { getContact } from "~/server/domain/contacts/get-contact.ts";
export { getContactTimeline } from "~/server/domain/contacts/get-contact-timeline.ts";
export { recordView } from "~/server/domain/reports/record-report-event.ts";
export { hasSearchFilter, search } from "~/server/domain/search/search.ts";
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
export { conversationDrafts } from "~/server/domain/drafts/list-drafts.ts";
export { listDocuments } from "~/server/domain/documents/list-documents.ts";
export { listAuditLog } from "~/server/domain/audit/list-audit-log.ts";
export { exportAuditLogCsv } from "~/server/domain/audit/export-audit-log.ts";
export { canSeeDepartment } from "~/server/domain/access.ts";
export {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  rotateWebhookSecret,
  updateWebhook,
} from "~/server/domain/webhooks/manage-webhooks.ts";
export { listWebhookDeliveries, redeliverWebhook, sendTestWebhook } from "~/server/domain/webhooks/webhook-deliveries.ts";
export { listUsers } from "~/server/domain/admin/list-users.ts";
export { updateUser } from "~/server/domain/admin/update-user.ts";
export { updateInbox } from "~/server/domain/admin/update-inbox.ts";
export { canTestConnection, testInboxConnection } from "~/server/domain/admin/test-inbox-connection.ts";
export { eraseContact } from "~/server/domain/privacy/erase-contact.ts";
export { listMacros, runMacro } from "~/server/domain/macros/macros.ts";
export { getListDensity, setListDensity } from "~/server/domain/preferences/list-density.ts";
export { bulkUpdateConversations } from "~/server/domain/conversations/bulk-update-conversations.ts";
