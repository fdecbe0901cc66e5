import type { enLogin } from "./en-login.ts";

// ログイン画面の日本語文言（ja.ts に展開）。
export const jaLogin: Record<keyof typeof enLogin, string> = {
  "login.title": "Switchboard にログイン",
  "login.subtitle": "チャット・メール・SMS・Slack をひとつにまとめたチームの受信箱。",
  "login.email": "メールアドレス",
  "login.password": "パスワード",
  "login.submit": "ログイン",
  "login.submitting": "ログイン中…",
  "login.invalid": "メールアドレスまたはパスワードが正しくありません。",
  "login.rateLimited": "試行回数が多すぎます。数分待ってから再度お試しください。",
  "login.missing": "メールアドレスとパスワードを入力してください。",
};
