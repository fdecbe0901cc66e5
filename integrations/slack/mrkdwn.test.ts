import { describe, expect, it } from "vitest";
import { plainToSlackText, slackTextToPlain } from "./mrkdwn.ts";

describe("slackTextToPlain", () => {
  it("unescapes entities after resolving brackets", () => {
    expect(slackTextToPlain("a &lt;b&gt; &amp;lt; c")).toBe("a <b> &lt; c");
  });
  it("renders links, mentions and channels readably", () => {
    expect(slackTextToPlain("see <https://ex.com/a?b=1&amp;c=2|the docs> or <https://ex.com>")).toBe(
      "see the docs (https://ex.com/a?b=1&c=2) or https://ex.com",
    );
    expect(slackTextToPlain("hi <@U123ABC> in <#C0451|support> <!here>")).toBe("hi @U123ABC in #support @here");
    expect(slackTextToPlain("<mailto:a@b.jp|a@b.jp>")).toBe("a@b.jp");
  });
  it("keeps Japanese text intact", () => {
    expect(slackTextToPlain("請求書が届きません &amp; 困っています")).toBe("請求書が届きません & 困っています");
  });
});

describe("plainToSlackText", () => {
  it("escapes control characters so <!channel> is not a broadcast", () => {
    expect(plainToSlackText("<!channel> & co")).toBe("&lt;!channel&gt; &amp; co");
  });
});
