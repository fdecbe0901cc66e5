-- Erasure reaches the audit log (docs/decisions/019-erasure.md): an entry about an erased customer
-- keeps who did what and when, but not their name or the values it recorded.

-- The same JSON with every value replaced by "[erased]", keys kept (attribute keys are the admin's
-- own vocabulary, not personal data).
CREATE FUNCTION "audit_redact"(j jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF j IS NULL THEN
    RETURN NULL;
  ELSIF jsonb_typeof(j) = 'object' THEN
    RETURN COALESCE((SELECT jsonb_object_agg(e.key, "audit_redact"(e.value)) FROM jsonb_each(j) AS e), '{}'::jsonb);
  ELSE
    RETURN '"[erased]"'::jsonb;
  END IF;
END;
$$;

-- Still append-only: no DELETE, no TRUNCATE, and the one UPDATE allowed is that redaction, exactly
-- (the label blanked, the values redacted, everything else unchanged).
CREATE OR REPLACE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
     AND NEW."actorId" IS NOT DISTINCT FROM OLD."actorId" AND NEW.ip IS NOT DISTINCT FROM OLD.ip
     AND NEW."targetType" = OLD."targetType" AND NEW."targetId" IS NOT DISTINCT FROM OLD."targetId"
     AND NEW."targetLabel" IS NULL
     AND NEW.before IS NOT DISTINCT FROM "audit_redact"(OLD.before)
     AND NEW.after IS NOT DISTINCT FROM "audit_redact"(OLD.after) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'AuditLog is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
