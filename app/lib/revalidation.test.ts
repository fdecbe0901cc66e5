import { describe, expect, it } from "vitest";
import type { ShouldRevalidateFunctionArgs } from "react-router";
import { keepOnConversationSwitch } from "./revalidation.ts";

const base = "http://localhost";
function args(
  from: string,
  to: string,
  params: [Record<string, string>, Record<string, string>],
  extra: Partial<ShouldRevalidateFunctionArgs> = {},
) {
  return {
    currentUrl: new URL(from, base),
    nextUrl: new URL(to, base),
    currentParams: params[0],
    nextParams: params[1],
    defaultShouldRevalidate: true,
    ...extra,
  } as ShouldRevalidateFunctionArgs;
}

describe("keepOnConversationSwitch", () => {
  it("keeps the layout and list when only the open conversation changes, opens or closes", () => {
    expect(
      keepOnConversationSwitch(
        args("/inbox/all/a", "/inbox/all/b", [
          { view: "all", conversationId: "a" },
          { view: "all", conversationId: "b" },
        ]),
      ),
    ).toBe(false);
    expect(keepOnConversationSwitch(args("/inbox/mine", "/inbox/mine/b", [{ view: "mine" }, { view: "mine", conversationId: "b" }]))).toBe(
      false,
    );
    expect(keepOnConversationSwitch(args("/inbox/mine/b", "/inbox/mine", [{ view: "mine", conversationId: "b" }, { view: "mine" }]))).toBe(
      false,
    );
    expect(keepOnConversationSwitch(args("/conversations/a", "/conversations/b", [{ conversationId: "a" }, { conversationId: "b" }]))).toBe(
      false,
    );
  });

  it("reloads on another view, another filter, another page, an action or an explicit revalidation", () => {
    const ab: [Record<string, string>, Record<string, string>] = [
      { view: "all", conversationId: "a" },
      { view: "all", conversationId: "b" },
    ];
    expect(
      keepOnConversationSwitch(
        args("/inbox/all/a", "/inbox/mine/b", [
          { view: "all", conversationId: "a" },
          { view: "mine", conversationId: "b" },
        ]),
      ),
    ).toBe(true);
    expect(keepOnConversationSwitch(args("/inbox/all/a", "/inbox/all/b?status=resolved", ab))).toBe(true);
    expect(
      keepOnConversationSwitch(args("/inbox/all/a", "/conversations/b", [{ view: "all", conversationId: "a" }, { conversationId: "b" }])),
    ).toBe(true);
    expect(keepOnConversationSwitch(args("/inbox/all/a", "/contacts/x", [{ view: "all", conversationId: "a" }, { contactId: "x" }]))).toBe(
      true,
    );
    expect(keepOnConversationSwitch(args("/inbox/all/a", "/inbox/all/b", ab, { formMethod: "POST" }))).toBe(true);
    expect(keepOnConversationSwitch(args("/inbox/all/a", "/inbox/all/a", [ab[0], ab[0]]))).toBe(true);
  });

  it("passes React Router's own answer through when it would not reload", () => {
    expect(
      keepOnConversationSwitch(
        args(
          "/inbox/all/a",
          "/inbox/mine/b",
          [
            { view: "all", conversationId: "a" },
            { view: "mine", conversationId: "b" },
          ],
          { defaultShouldRevalidate: false },
        ),
      ),
    ).toBe(false);
  });
});
