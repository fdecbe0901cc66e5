export type AgentStatus = "online" | "away" | "offline";

export const STATUS_COLOR: Record<AgentStatus, string> = { online: "#2f9e44", away: "#e0a100", offline: "#adb5bd" };
