import { z } from "zod";

/**
 * What the audit log records (issue 15, docs/decisions/018-audit-log.md), `<target>.<verb>`. Adding an
 * audited action is one entry here and one `recordAudit` call in the flow.
 */
export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "user.created",
  "user.updated",
  "user.deactivated",
  "user.reactivated",
  "department.created",
  "department.updated",
  "inbox.created",
  "inbox.updated",
  "inbox.secrets_replaced",
  "inbox.enabled",
  "inbox.disabled",
  "inbox.connection_tested",
  "api_token.created",
  "api_token.revoked",
  "contact.merged",
  "import.run",
  "duplicate.dismissed",
  "conversation.merged",
  "conversation.restricted_read",
  "contact.exported",
  "contact.erased",
  "retention.policy_updated",
  "retention.run",
  "segment.created",
  "segment.updated",
  "segment.deleted",
  "sla_policy.created",
  "sla_policy.updated",
  "sla_policy.deleted",
  "automation_rule.created",
  "automation_rule.updated",
  "automation_rule.deleted",
  "macro.created",
  "macro.updated",
  "macro.deleted",
  "business_hours.created",
  "business_hours.updated",
  "business_hours.deleted",
  "attribute.created",
  "attribute.updated",
  "attribute.deleted",
  "contact.attributes_changed",
  "company.attributes_changed",
  "conversation.attributes_changed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const auditActionSchema = /* @__PURE__ */ z.enum(AUDIT_ACTIONS);

/** What an audit entry is about. */
export const AUDIT_TARGET_TYPES = [
  "user",
  "department",
  "inbox",
  "api_token",
  "contact",
  "conversation",
  "retention_policy",
  "segment",
  "import",
  "duplicate",
  "sla_policy",
  "automation_rule",
  "macro",
  "business_hours",
  "attribute",
  "company",
] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];
