/**
 * The benchmark's corpus (bench/search.ts): realistic mixed English/Japanese support text with a
 * Zipf-like spread of words, so that a typical query hits well under 2 % of the messages, as in a real
 * inbox, instead of a few thousand texts repeated. A vocabulary of a few thousand words and phrases
 * per language, ranked: everyday words first, then the support vocabulary with compounds and phrases
 * of it, shuffled into a long tail; a message draws word ranks as floor(N^u) for uniform u (frequency ≈ 1/rank), then gets
 * a customer name, a product, an order number and a date, the long tail real support text has.
 */

const EN_CORE = `the to and a of i for is in you it we please our this on with can that be not have
are my your but from as at was thanks will if hi an account do get so it's all just there when help
me us order any need know would error since after issue could what new team thank working still now
again time one update out email been see page access problem support login user data they use plan
set up check also has more send which get back today work by how did some change add let days week
yesterday help customer system app version report users able seems same file link sent app billing
invoice refund payment subscription export import password settings dashboard integration webhook api
admin permission upgrade downgrade renewal cancel cancellation trial license seat seats price pricing
charge charged card receipt quote contract migration backup restore sync delay timeout crash slow bug
screenshot attached browser mobile android iphone desktop notification alert message messages inbox
calendar schedule meeting call phone address shipping delivery tracking package warehouse stock
return exchange discount coupon tax vat currency report analytics chart filter search template
workflow automation rule token key certificate domain dns sso saml oauth mfa verification reset
locked expired duplicate missing wrong failed pending approved rejected urgent asap tomorrow monday
friday morning afternoon evening manager colleague department finance legal security compliance gdpr
audit log logs history record records field column row spreadsheet csv pdf excel attachment upload
download printer label barcode scanner device firmware driver network wifi server outage maintenance`
  .split(/\s+/)
  .filter(Boolean);

const EN_HEADS = `refund request,invoice copy,password reset,billing address,payment method,export job,
import file,api key,webhook url,delivery date,tracking number,credit card,annual plan,monthly plan,
user seat,admin role,login page,error message,support ticket,sales team,release notes,data export,
account owner,trial period,price list,tax invoice,shipping label,return label,order status,sync error`
  .split(",")
  .map((s) => s.trim());
import { seededRandom } from "~/test/support/seeded-random.ts";

const JA_CORE = `の を に は が て た で と し お です ます ください いたします ありがとうございます よろしくお願いします
お世話になっております 確認 対応 問題 件 ご連絡 お願い 返信 メール 電話 お客様 担当 弊社 御社 本日 明日 昨日 今月 先月
来月 時間 場合 方法 設定 変更 登録 削除 追加 表示 画面 機能 利用 契約 更新 請求 請求書 支払い 返金 解約 障害 不具合
エラー ログイン パスワード アカウント ユーザー 管理者 権限 料金 プラン 見積 見積書 注文 発送 配送 納品 在庫 返品 交換
領収書 振込 口座 割引 キャンペーン 資料 添付 ファイル ダウンロード アップロード データ 移行 連携 同期 通知 予約 会議
打ち合わせ 訪問 修理 保証 期限 手続き 申請 承認 審査 発行 再発行 送付 受付 完了 保留 至急 早急 調査 原因 回答 案内
説明 詳細 内容 状況 現在 以前 今後 大変 申し訳ございません 恐れ入りますが 失礼いたします 宛名 宛先 住所 会社 部署
システム サーバー ネットワーク 接続 遅延 停止 復旧 メンテナンス バージョン アップデート インストール 端末 スマートフォン
ブラウザ 印刷 帳票 集計 分析 レポート 検索 一覧 項目 入力 出力 形式 文字化け 二重 重複 誤り 不足 未着 遅れ 確認済み`
  .split(/\s+/)
  .filter(Boolean);

const JA_SUFFIXES = ["書", "日", "者", "方法", "画面", "機能", "番号", "手続き", "履歴", "設定", "一覧", "状況", "予定", "担当", "窓口"];

const FIRST = `Hanako Taro Yuki Kenji Aiko Hiroshi Emi Daisuke Naomi Sho Mika Ryo Sakura Takeshi Yui Akira Mei
Haruto Rin Sota Olivia Liam Emma Noah Ava Lucas Mia Ethan Sofia Mason Chloe Leo Grace Jack Nora Owen Ella
Henry Zoe Sam Ivy`.split(/\s+/);
const LAST = `Tanaka Suzuki Sato Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki
Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Mori Smith Johnson Brown Garcia Miller Davis Wilson Moore
Taylor Anderson Thomas Martin Lee Clark Lewis Walker Hall Young King Wright`.split(/\s+/);
const BRANDS = `Acme Nimbus Vertex Orbit Kumo Sakura Helix Quanta Polar Zenith Aster Lumen Tora Cobalt Fuji`.split(/\s+/);
const MODELS = `Router Hub Sensor Cam Printer Scanner Tablet Dock Router Pro Mini Max Lite Plus Air Go`.split(/\s+/);

function shuffle<T>(items: T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Ranked vocabularies: index 0 is the most frequent entry. */
export function vocabulary() {
  const next = seededRandom(11);
  const nouns = EN_CORE.slice(EN_CORE.indexOf("billing"));
  const enTail = new Set<string>(EN_HEADS);
  for (const a of nouns)
    for (const b of ["issue", "page", "request", "settings", "report", "error", "update", "team", "form", "list"]) enTail.add(`${a} ${b}`);
  const jaNouns = JA_CORE.slice(JA_CORE.indexOf("確認"));
  const jaTail = new Set<string>();
  for (const a of jaNouns) for (const s of JA_SUFFIXES) if (!a.endsWith(s)) jaTail.add(a + s);
  for (const a of jaNouns.slice(0, 60)) for (const b of ["の確認", "の変更", "について", "ができない", "をお願いします"]) jaTail.add(a + b);
  // Everyday words keep the top ranks; the support vocabulary and its compounds share the long tail.
  const en = [...new Set([...EN_CORE.slice(0, EN_CORE.indexOf("billing")), ...shuffle([...nouns, ...enTail], next)])].slice(0, 3000);
  const ja = [...new Set([...JA_CORE.slice(0, JA_CORE.indexOf("確認")), ...shuffle([...jaNouns, ...jaTail], next)])].slice(0, 3000);
  const names = FIRST.flatMap((f) => LAST.map((l) => `${f} ${l}`));
  const products = BRANDS.flatMap((b) => MODELS.map((m, i) => `${b} ${m} ${String.fromCharCode(65 + (i % 26))}${100 + i * 37}`));
  return { en, ja, names: shuffle(names, next), products: shuffle(products, next) };
}
