import { describe, expect, it } from "vitest";
import { pickNextAssignee, type Candidate } from "./pick-next-assignee.ts";

const agent = (id: string, load = 0, capacity = 5): Candidate => ({ id, load, capacity });

describe("pickNextAssignee", () => {
  it("goes round the agents in a stable order, wrapping at the end", () => {
    const all = [agent("c"), agent("a"), agent("b")];
    let pointer: string | null = null;
    const picks: string[] = [];
    for (let i = 0; i < 6; i++) {
      pointer = pickNextAssignee(all, pointer)!.id;
      picks.push(pointer);
    }
    expect(picks).toEqual(["a", "b", "c", "a", "b", "c"]);
  });

  it("skips agents at capacity and returns null when everyone is full", () => {
    expect(pickNextAssignee([agent("a"), agent("b", 5, 5), agent("c")], "a")!.id).toBe("c");
    expect(pickNextAssignee([agent("a", 2, 2), agent("b", 1, 1)], null)).toBeNull();
  });

  it("copes with a pointer to someone who left the department", () => {
    expect(pickNextAssignee([agent("a"), agent("c")], "b")!.id).toBe("c");
    expect(pickNextAssignee([agent("a"), agent("c")], "z")!.id).toBe("a");
  });
});
