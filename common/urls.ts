/** Where agents' browsers fetch an attachment (authorised, see server/http/attachments.ts). */
export const attachmentUrl = (attachmentId: string) => `/attachments/${attachmentId}`;

/** Where agents' browsers fetch a message's HTML kept in the file store (server/http/message-html.ts). */
export const messageHtmlUrl = (messageId: string) => `/messages/${messageId}/html`;
