import { createContext, useContext, useEffect, useRef, useState } from "react";
import { useRevalidator } from "react-router";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "~/common/realtime-contract.ts";

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface SocketState {
  socket: AppSocket | null;
  connected: boolean;
}

const SocketContext = createContext<SocketState>({ socket: null, connected: false });

/**
 * One Socket.IO connection per tab, to the same origin; the session cookie authenticates it.
 * Socket.IO reconnects by itself, and after every reconnection the loaders are revalidated so the
 * screen catches up with everything that happened meanwhile: when the server could not restore the
 * session (a long sleep, a node restart), and even when it did, since events broadcast while the
 * restored socket is still in the auth middleware never reach it (Socket.IO's adapter skips sockets
 * not yet connected; test/faults/agent-offline.test.ts caught one missed that way). They are also
 * revalidated when the agent's access changed (a department membership, or an open conversation
 * moved away).
 */
export function SocketProvider({ children }: { children: React.ReactNode }) {
  const [state, setState] = useState<SocketState>({ socket: null, connected: false });
  const revalidator = useRevalidator();
  const revalidateRef = useRef(revalidator.revalidate);
  revalidateRef.current = revalidator.revalidate;

  useEffect(() => {
    const socket: AppSocket = io({ withCredentials: true });
    let everConnected = false;
    setState({ socket, connected: socket.connected });
    const onConnect = () => {
      setState({ socket, connected: true });
      if (everConnected) void revalidateRef.current();
      everConnected = true;
    };
    const onDisconnect = () => setState({ socket, connected: false });
    const onAccessChanged = () => void revalidateRef.current();
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("access:changed", onAccessChanged);
    return () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("access:changed", onAccessChanged);
      socket.disconnect();
    };
  }, []);

  return <SocketContext.Provider value={state}>{children}</SocketContext.Provider>;
}

export function useSocket() {
  return useContext(SocketContext);
}
