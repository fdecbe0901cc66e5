import type { enMailAuth } from "./en-mail-auth.ts";

// メール送信者認証の日本語文言（ja.ts に展開）。
export const jaMailAuth: Record<keyof typeof enMailAuth, string> = {
  "mailAuth.unverified": "送信者未確認",
  "mailAuth.reason.auth_failed":
    "このメールは送信元ドメインの認証（DMARC）に失敗しました。ドメインは自分が送ったものではないとしており、なりすましの可能性があります。返金・住所やパスワードの変更などの依頼には、別の方法でお客様に確認してから対応してください。",
  "mailAuth.reason.known_sender_unauthenticated":
    "このメールは登録済みのお客様のアドレスから送られたとされていますが、それを裏付ける認証（そのドメインの DKIM 署名や SPF の合格）がありません。なりすましの可能性があるため、対応する前にお客様に確認してください。To/Cc のアドレスは会話に追加していません。",
  "mailAuth.results": "SPF {spf} · DKIM {dkim} · DMARC {dmarc}",
};
