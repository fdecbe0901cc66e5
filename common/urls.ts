/** Where agents' browsers fetch an attachment (authorised, see server/http/attachments.ts). */
export const attachmentUrl = (attachmentId: string) => `/attachments/${attachmentId}`;
