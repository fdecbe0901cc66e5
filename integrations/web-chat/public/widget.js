// Switchboard web chat loader. Embed with:
//   <script src="https://support.example.com/widget.js" data-inbox="INBOX_ID" async></script>
// Adds a launcher button and the chat in an iframe served by Switchboard (so the chat's storage,
// socket and CSP stay on Switchboard's origin). Optional: data-color="#2563eb", data-position="left".
(() => {
  var script = document.currentScript;
  if (!script || window.__switchboardChat) return;
  var inboxId = script.getAttribute("data-inbox");
  if (!inboxId) return console.warn("Switchboard chat: data-inbox is missing on the script tag");
  window.__switchboardChat = true;

  var origin = new URL(script.src, location.href).origin;
  var ja = /^ja\b/i.test(navigator.language || "");
  var label = { open: ja ? "チャットを開く" : "Open chat", close: ja ? "チャットを閉じる" : "Close chat" };
  var hex = /^#[0-9a-fA-F]{6}$/;
  var color = hex.test(script.getAttribute("data-color") || "") ? script.getAttribute("data-color") : "#2563eb";
  var side = script.getAttribute("data-position") === "left" ? "left" : "right";
  var openedKey = `switchboard-chat-opened:${inboxId}`;
  // Only used when the browser blocks storage inside the chat frame (third-party storage).
  var tokenKey = `switchboard-chat-token:${inboxId}`;
  var frame = null;
  var open = false;
  var unread = 0;

  function css(el, styles) {
    for (var k in styles) el.style[k] = styles[k];
  }

  var button = document.createElement("button");
  button.type = "button";
  button.setAttribute("aria-label", label.open);
  button.setAttribute("aria-expanded", "false");
  css(button, {
    position: "fixed",
    bottom: "20px",
    zIndex: "2147483000",
    width: "56px",
    height: "56px",
    borderRadius: "50%",
    border: "0",
    background: color,
    color: "#fff",
    cursor: "pointer",
    boxShadow: "0 4px 14px rgba(0,0,0,.25)",
    display: "flex",
    alignItems: "center",
    justifyContent: "center",
    padding: "0",
  });
  button.style[side] = "20px";
  var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "26");
  svg.setAttribute("height", "26");
  svg.setAttribute("aria-hidden", "true");
  var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-4 4V5a2 2 0 0 1 2-2z");
  svg.appendChild(path);
  button.appendChild(svg);
  var badge = document.createElement("span");
  css(badge, {
    position: "absolute",
    top: "-2px",
    right: "-2px",
    minWidth: "20px",
    height: "20px",
    borderRadius: "10px",
    background: "#dc2626",
    color: "#fff",
    font: "600 12px/20px system-ui, sans-serif",
    display: "none",
    padding: "0 5px",
  });
  button.appendChild(badge);

  function createFrame() {
    if (frame) return;
    frame = document.createElement("iframe");
    frame.src = `${origin}/widget/${encodeURIComponent(inboxId)}`;
    frame.title = ja ? "チャット" : "Chat";
    frame.id = "switchboard-chat-frame";
    button.setAttribute("aria-controls", frame.id);
    css(frame, {
      position: "fixed",
      bottom: "88px",
      zIndex: "2147483000",
      width: "370px",
      height: "560px",
      maxWidth: "calc(100vw - 40px)",
      maxHeight: "calc(100vh - 108px)",
      border: "0",
      borderRadius: "12px",
      boxShadow: "0 8px 30px rgba(0,0,0,.25)",
      background: "#fff",
      display: "none",
    });
    frame.style[side] = "20px";
    document.body.appendChild(frame);
  }

  function setOpen(value) {
    open = value;
    createFrame();
    frame.style.display = open ? "block" : "none";
    button.setAttribute("aria-expanded", String(open));
    button.setAttribute("aria-label", open ? label.close : label.open);
    if (open) {
      unread = 0;
      badge.style.display = "none";
      try {
        localStorage.setItem(openedKey, "1");
      } catch (_e) {
        /* storage blocked */
      }
      frame.focus();
    }
  }

  button.addEventListener("click", () => {
    setOpen(!open);
  });

  window.addEventListener("message", (event) => {
    if (!frame || event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data || {};
    if (data.type === "switchboard:ready" && hex.test(data.color || "") && !script.getAttribute("data-color")) {
      button.style.background = data.color;
    } else if (data.type === "switchboard:close") {
      setOpen(false);
      button.focus();
    } else if (data.type === "switchboard:token-request") {
      let stored = null;
      try {
        stored = localStorage.getItem(tokenKey);
      } catch (_e) {
        /* storage blocked */
      }
      frame.contentWindow.postMessage({ type: "switchboard:token", token: stored }, origin);
    } else if (data.type === "switchboard:token-save" && typeof data.token === "string") {
      try {
        if (data.token) localStorage.setItem(tokenKey, data.token);
        else localStorage.removeItem(tokenKey);
      } catch (_e) {
        /* storage blocked: the visitor starts over next time */
      }
    } else if (data.type === "switchboard:message" && !open) {
      unread += 1;
      badge.textContent = String(unread);
      badge.style.display = "block";
    }
  });

  function mount() {
    document.body.appendChild(button);
    // A returning visitor's chat loads at once (hidden) so replies that arrive show a badge.
    var opened = false;
    try {
      opened = localStorage.getItem(openedKey) === "1";
    } catch (_e) {
      /* storage blocked */
    }
    if (opened) createFrame();
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
