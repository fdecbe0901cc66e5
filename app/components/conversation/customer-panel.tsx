import { Link } from "react-router";
import type { ChannelKind, ConversationStatus } from "~/common/realtime-contract.ts";
import { useT, type MessageKey } from "~/app/i18n/index.ts";
import { Avatar } from "~/app/components/avatar.tsx";
import { ChannelIcon } from "~/app/components/channel-icon.tsx";
import { useIdentityLabel } from "~/app/lib/channels.tsx";
import { useTabResource } from "~/app/lib/use-tab-resource.ts";
import { BuildingIcon } from "~/app/components/icons.tsx";
import { TimeAgo } from "~/app/components/time-ago.tsx";
import type { AttributeDefinition } from "~/app/components/contact/attribute-definition.ts";
import { AttributesCard } from "~/app/components/contact/attributes-card.tsx";

interface Props {
  contact: {
    id: string;
    name: string;
    company: { id: string; name: string } | null;
    identities: {
      id: string;
      kind: string;
      address: string;
      displayName: string | null;
      optedOutAt: Date | string | null;
      undeliverableAt?: Date | string | null;
      undeliverableReason?: string | null;
      complainedAt?: Date | string | null;
    }[];
    attributes?: Record<string, unknown>;
  };
  others: { id: string; number: number; subject: string; status: ConversationStatus; channel: ChannelKind; lastActivityAt: string }[];
  participants?: { role: string; kind: string; address: string; displayName: string | null }[];
}

/** A customer's conversations as links (customer panel, customer page). */
export function ConversationLinks({ conversations }: { conversations: Props["others"] }) {
  const t = useT();
  return (
    <ul className="plain-list">
      {conversations.map((o) => (
        <li key={o.id}>
          <Link className="other-conv" to={`/conversations/${o.id}`}>
            <div className="subject">{o.subject || t("conversation.noSubject")}</div>
            <div className="meta">
              <ChannelIcon channel={o.channel} />
              <span>#{o.number}</span>
              <span className={`badge status-${o.status}`}>{t(`status.${o.status}` as MessageKey)}</span>
              <TimeAgo iso={o.lastActivityAt} />
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function IdentityList({ identities }: { identities: Props["contact"]["identities"] }) {
  const t = useT();
  const identityLabel = useIdentityLabel();
  return (
    <ul className="identity-list">
      {identities.map((i) => (
        <li key={i.id}>
          <span className="kind">{identityLabel(i.kind)}</span>
          <span>
            {i.address}
            {i.optedOutAt ? (
              <span className="badge priority-urgent" style={{ marginLeft: 6 }}>
                {t("customer.optedOut")}
              </span>
            ) : null}
            {i.undeliverableAt ? (
              <span
                className="badge undeliverable"
                style={{ marginLeft: 6 }}
                title={t("mail.undeliverableTitle", { reason: i.undeliverableReason ?? "" })}
              >
                {t("mail.undeliverable")}
              </span>
            ) : null}
            {i.complainedAt ? (
              <span className="badge complained" style={{ marginLeft: 6 }} title={t("mail.complainedTitle")}>
                {t("mail.complained")}
              </span>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function CustomerPanel({ contact, others }: Props) {
  const t = useT();
  return (
    <aside className="customer-panel" aria-label={t("customer.panel")}>
      <div className="customer-head">
        <Avatar id={contact.id} name={contact.name} size="large" />
        <div>
          <h2>{contact.name}</h2>
          <Link to={`/contacts/${contact.id}`} className="small">
            {t("customer.openProfile")}
          </Link>
        </div>
      </div>
      <section className="panel-section">
        <h3>{t("customer.identities")}</h3>
        <IdentityList identities={contact.identities} />
      </section>
      <section className="panel-section">
        <h3>{t("customer.company")}</h3>
        {contact.company ? (
          <span className="channel-label" style={{ fontSize: 13, color: "var(--text)" }}>
            <BuildingIcon className="channel-icon" />
            {contact.company.name}
          </span>
        ) : (
          <span className="muted small">{t("customer.noCompany")}</span>
        )}
      </section>
      <PanelAttributes contactId={contact.id} values={contact.attributes ?? {}} />
      <section className="panel-section">
        <h3>{t("customer.otherConversations")}</h3>
        {others.length === 0 ? <span className="muted small">{t("customer.noOther")}</span> : null}
        <ConversationLinks conversations={others} />
      </section>
    </aside>
  );
}

/** The customer's attributes, edited in place through the customer page's action (definitions kept for the tab). */
function PanelAttributes({ contactId, values }: { contactId: string; values: Record<string, unknown> }) {
  const data = useTabResource<{ items: AttributeDefinition[] }>("/resources/attribute-definitions?entity=contact");
  if (!data?.items.length) return null;
  return <AttributesCard definitions={data.items} values={values} action={`/contacts/${contactId}`} className="panel-section" />;
}
