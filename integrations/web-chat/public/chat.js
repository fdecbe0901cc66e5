// Switchboard web chat: the page inside the widget iframe (or opened on its own). Plain browser
// JavaScript, no build step. All text is inserted with textContent, never as HTML.
(() => {
  var STRINGS = {
    en: {
      placeholder: "Type a message…",
      send: "Send",
      attach: "Send a file",
      close: "Close chat",
      profile: "Leave your email",
      profileIntro: "Leave your name and email so we can get back to you if you leave.",
      name: "Name",
      email: "Email",
      save: "Save",
      saved: "Thanks! We will reply to {email} if you are away.",
      invalidEmail: "Enter a valid email address.",
      earlier: "Show earlier messages",
      connecting: "Connecting…",
      offline: "Reconnecting… your messages will be sent when the connection is back.",
      unavailable: "This chat is currently unavailable.",
      sending: "Sending…",
      failed: "Not sent. Tap to retry.",
      uploading: "Uploading {name}…",
      tooLarge: "The file is too large (at most 10 MB).",
      you: "You",
      support: "Support",
      error: "Something went wrong. Please try again.",
      title: "Chat with us",
      greeting: "Hi! How can we help you today?",
      closed: "We're closed right now. Leave a message and we'll answer when we open.",
      closedUntil: "We're closed right now. Leave a message and we'll answer when we open ({time}).",
      surveyPrompt: "How satisfied are you? (1 = very dissatisfied, 5 = very satisfied)",
      surveyComment: "Anything you'd like to tell us? (optional)",
      surveySend: "Send rating",
      surveyThanks: "Thank you! You rated us {rating}/5.",
    },
    ja: {
      placeholder: "メッセージを入力…",
      send: "送信",
      attach: "ファイルを送る",
      close: "チャットを閉じる",
      profile: "メールアドレスを残す",
      profileIntro: "お名前とメールアドレスを残していただければ、離席中でもメールでご返信します。",
      name: "お名前",
      email: "メールアドレス",
      save: "保存",
      saved: "ありがとうございます。ご不在の場合は {email} にご返信します。",
      invalidEmail: "正しいメールアドレスを入力してください。",
      earlier: "以前のメッセージを表示",
      connecting: "接続しています…",
      offline: "再接続しています… 接続が戻りしだいメッセージを送信します。",
      unavailable: "現在このチャットはご利用いただけません。",
      sending: "送信中…",
      failed: "送信できませんでした。タップして再送します。",
      uploading: "{name} をアップロードしています…",
      tooLarge: "ファイルが大きすぎます（10 MB まで）。",
      you: "あなた",
      support: "サポート",
      error: "問題が発生しました。もう一度お試しください。",
      title: "チャットでお問い合わせ",
      greeting: "こんにちは。どのようなご用件でしょうか？",
      closed: "ただいま営業時間外です。メッセージを残していただければ、営業開始後にご返信します。",
      closedUntil: "ただいま営業時間外です。メッセージを残していただければ、営業開始後（{time}）にご返信します。",
      surveyPrompt: "ご対応への満足度をお選びください（1 = とても不満、5 = とても満足）",
      surveyComment: "ご意見があればお聞かせください（任意）",
      surveySend: "評価を送信",
      surveyThanks: "ありがとうございました。評価: {rating}/5",
    },
  };
  var MAX_FILE_BYTES = 10 * 1024 * 1024;

  var config = JSON.parse(document.getElementById("sb-config").textContent);
  var lang = /^ja\b/i.test(navigator.language || "") ? "ja" : "en";
  var t = STRINGS[lang];
  // null from the server: the inbox keeps the default title / greeting, shown in the visitor's language.
  var title = config.title ?? t.title;
  var greeting = config.greeting ?? t.greeting;
  var $ = (id) => document.getElementById(id);
  var embedded = window.parent !== window;
  var storageKey = `switchboard-chat:${config.inboxId}`;
  var session = null;
  var socket = null;
  var rendered = {}; // message id or clientId → <li>
  var oldestId = null;
  var restarted = false;

  document.documentElement.lang = lang;
  if (/^#[0-9a-f]{6}$/i.test(config.color)) document.documentElement.style.setProperty("--accent", config.color);

  function format(s, vars) {
    return s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] == null ? "" : String(vars[k])));
  }
  function setStatus(text) {
    $("status").textContent = text || "";
  }

  // Where the visitor token lives. Our own localStorage when the browser allows it in this frame;
  // browsers that block third-party storage get the loader's storage on the host page instead
  // ("parent"). A token read from our own storage is never handed to a parent page, so a site
  // framing the widget can only ever learn the tokens minted for its own visitors.
  var storageMode = localStorageWorks() ? "local" : embedded ? "parent" : "none";
  var parentOrigin = null;

  function localStorageWorks() {
    try {
      localStorage.setItem("switchboard-probe", "1");
      localStorage.removeItem("switchboard-probe");
      return true;
    } catch (_e) {
      return false;
    }
  }
  function readToken(done) {
    if (storageMode === "local") return done(localStorage.getItem(storageKey));
    if (storageMode !== "parent") return done(null);
    var finished = false;
    function finish(token) {
      if (finished) return;
      finished = true;
      window.removeEventListener("message", onMessage);
      done(token);
    }
    function onMessage(e) {
      if (e.source !== window.parent || !e.data || e.data.type !== "switchboard:token") return;
      parentOrigin = e.origin;
      finish(typeof e.data.token === "string" && e.data.token ? e.data.token : null);
    }
    window.addEventListener("message", onMessage);
    window.parent.postMessage({ type: "switchboard:token-request" }, "*");
    setTimeout(() => {
      finish(null);
    }, 1500); // framed without the loader: no stored token
  }
  function saveToken(token) {
    if (storageMode === "local") localStorage.setItem(storageKey, token);
    else if (storageMode === "parent" && parentOrigin)
      window.parent.postMessage({ type: "switchboard:token-save", token: token }, parentOrigin);
  }
  function newClientId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, (b) => `0${b.toString(16)}`.slice(-2)).join("");
  }
  function tellParent(type) {
    if (embedded) window.parent.postMessage({ type: `switchboard:${type}`, color: config.color }, "*");
  }

  // --- rendering ---------------------------------------------------------------------------
  function messageElement(m) {
    var li = document.createElement("li");
    li.className = `msg ${m.direction === "inbound" ? "msg-mine" : "msg-theirs"}`;
    var bubble = document.createElement("div");
    bubble.className = "bubble";
    if (m.text) {
      const p = document.createElement("p");
      p.className = "text";
      p.textContent = m.text;
      bubble.appendChild(p);
    }
    (m.attachments || []).forEach((a) => {
      var link = document.createElement("a");
      link.href = a.url;
      link.target = "_blank";
      link.rel = "noopener";
      if (/^image\/(png|jpeg|gif|webp)$/.test(a.contentType)) {
        const img = document.createElement("img");
        img.src = a.url;
        img.alt = a.filename;
        img.className = "thumb";
        link.appendChild(img);
      } else {
        link.className = "file";
        link.textContent = `${a.filename} (${Math.max(1, Math.round(a.size / 1024))} KB)`;
      }
      bubble.appendChild(link);
    });
    var meta = document.createElement("div");
    meta.className = "meta";
    var who = m.direction === "inbound" ? t.you : m.authorName || t.support;
    var when = m.createdAt ? new Date(m.createdAt).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" }) : "";
    meta.textContent = m.pending ? t.sending : who + (when ? ` · ${when}` : "");
    if (m.survey) bubble.appendChild(surveyElement(m.survey));
    li.appendChild(bubble);
    li.appendChild(meta);
    return li;
  }

  /** A satisfaction survey inline (issue 12): 1–5 and an optional comment, posted to the survey's own URL. */
  function surveyElement(survey) {
    var form = document.createElement("form");
    form.className = "survey";
    var thanks = document.createElement("p");
    thanks.className = "survey-thanks";
    thanks.setAttribute("role", "status");
    function answered(rating) {
      thanks.textContent = format(t.surveyThanks, { rating: rating });
    }
    var group = document.createElement("div");
    group.className = "survey-scale";
    group.setAttribute("role", "radiogroup");
    group.setAttribute("aria-label", t.surveyPrompt);
    var prompt = document.createElement("p");
    prompt.className = "survey-prompt";
    prompt.textContent = t.surveyPrompt;
    var chosen = survey.rating;
    var buttons = [1, 2, 3, 4, 5].map((n) => {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = String(n);
      b.setAttribute("role", "radio");
      b.setAttribute("aria-checked", String(chosen === n));
      b.addEventListener("click", () => {
        chosen = n;
        buttons.forEach((x, i) => {
          x.setAttribute("aria-checked", String(i + 1 === n));
        });
      });
      group.appendChild(b);
      return b;
    });
    var comment = document.createElement("textarea");
    comment.rows = 2;
    comment.maxLength = 2000;
    comment.placeholder = t.surveyComment;
    comment.setAttribute("aria-label", t.surveyComment);
    var send = document.createElement("button");
    send.type = "submit";
    send.className = "survey-send";
    send.textContent = t.surveySend;
    form.append(prompt, group, comment, send, thanks);
    if (survey.rating) answered(survey.rating);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!chosen) return buttons[0].focus();
      send.disabled = true;
      var body = new URLSearchParams({ rating: String(chosen), comment: comment.value });
      fetch(`/survey/${encodeURIComponent(survey.token)}/answer`, { method: "POST", body: body })
        .then((res) => res.json().then((r) => (res.ok && r.ok ? answered(r.rating) : setStatus(r.error || t.error))))
        .catch(() => setStatus(t.error))
        .finally(() => {
          send.disabled = false;
        });
    });
    return form;
  }

  /** A stroked 24×24 icon (no emoji: not every system has an emoji font). */
  function icon(d) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "2");
    path.setAttribute("stroke-linecap", "round");
    path.setAttribute("stroke-linejoin", "round");
    svg.appendChild(path);
    return svg;
  }

  function scrollToEnd() {
    var log = $("log");
    log.scrollTop = log.scrollHeight;
  }

  /** Adds or replaces a message; a pending message is replaced by its stored version (same clientId). */
  function upsert(m, opts) {
    var existing = rendered[m.id] || (m.clientId && rendered[`client:${m.clientId}`]);
    var li = messageElement(m);
    if (existing) existing.replaceWith(li);
    else if (opts?.prepend) $("messages").insertBefore(li, $("messages").firstChild);
    else $("messages").appendChild(li);
    if (m.id) rendered[m.id] = li;
    if (m.clientId) rendered[`client:${m.clientId}`] = li;
    if (!opts?.prepend) scrollToEnd();
    return li;
  }

  function showGreeting() {
    showClosed();
    if (!greeting) return;
    // Credited to the team (t.support), not to the widget's title.
    var li = messageElement({ direction: "outbound", text: greeting, attachments: [] });
    li.classList.add("greeting");
    $("messages").appendChild(li);
  }

  /** Outside business hours (issue 12): a notice above the greeting, with the next opening in the visitor's time. */
  function showClosed() {
    if (!config.closed || $("closed-notice")) return;
    var at = config.closed.nextOpeningAt;
    var when = at
      ? new Date(at).toLocaleString(lang, { weekday: "short", hour: "2-digit", minute: "2-digit", month: "short", day: "numeric" })
      : "";
    var notice = document.createElement("li");
    notice.id = "closed-notice";
    notice.className = "closed-notice";
    notice.setAttribute("role", "status");
    notice.textContent = at ? t.closedUntil.replace("{time}", when) : t.closed;
    $("messages").appendChild(notice);
  }

  // --- server ------------------------------------------------------------------------------
  function api(path, options) {
    var headers = { "content-type": "application/json" };
    if (session) headers["x-visitor-token"] = session.token;
    var init = Object.assign({ method: "POST", headers: headers }, options || {});
    if (options?.headers) init.headers = Object.assign(headers, options.headers);
    return fetch(`/widget/${encodeURIComponent(config.inboxId)}${path}`, init).then((res) =>
      res
        .json()
        .catch(() => ({}))
        .then((body) => {
          if (!res.ok) throw new Error(body.error?.message || t.error);
          return body;
        }),
    );
  }

  function loadHistory(before) {
    socket.emit("history:get", before ? { before: before } : {}, (ack) => {
      if (!ack?.ok) return setStatus(ack?.error || t.error);
      var list = ack.data.messages;
      if (before) for (let i = list.length - 1; i >= 0; i--) upsert(list[i], { prepend: true });
      else
        list.forEach((m) => {
          upsert(m);
        });
      if (list.length && (before || !oldestId)) oldestId = list[0].id;
      $("earlier").hidden = !ack.data.hasMore;
    });
  }

  function send(text, clientId) {
    var pending = { id: null, clientId: clientId, direction: "inbound", text: text, attachments: [], pending: true };
    var li = upsert(pending);
    li.classList.remove("failed");
    socket.timeout(15000).emit("message:send", { clientId: clientId, text: text }, (err, ack) => {
      if (!err && ack && ack.ok) return upsert(ack.data);
      var failed = rendered[`client:${clientId}`];
      failed.classList.add("failed");
      failed.querySelector(".meta").textContent = ack?.error || t.failed;
      failed.onclick = () => {
        failed.onclick = null;
        send(text, clientId);
      };
    });
  }

  function upload(file) {
    if (file.size > MAX_FILE_BYTES) return setStatus(t.tooLarge);
    setStatus(format(t.uploading, { name: file.name }));
    var clientId = newClientId();
    // Text typed before choosing the file goes with it as its caption (short ones only).
    var caption = input.value.trim().length <= 1000 ? input.value.trim() : "";
    if (caption) {
      input.value = "";
      autosize();
    }
    var query = `?clientId=${clientId}&filename=${encodeURIComponent(file.name)}${caption ? `&text=${encodeURIComponent(caption)}` : ""}`;
    api(`/upload${query}`, { body: file, headers: { "content-type": file.type || "application/octet-stream" } })
      .then((body) => {
        setStatus("");
        upsert(body.message);
      })
      .catch((e) => {
        setStatus(e.message);
        if (caption && !input.value) {
          input.value = caption;
          autosize();
        } // keep what was typed
      });
  }

  function connect() {
    socket = io("/visitor", { path: "/socket.io", auth: { inboxId: config.inboxId, token: session.token } });
    socket.on("connect", () => {
      setStatus("");
      loadHistory();
    });
    socket.on("disconnect", () => {
      setStatus(t.offline);
    });
    socket.on("connect_error", (err) => {
      if (err && err.message === "unauthorized" && !restarted) {
        // The token no longer verifies (the server key changed): start over as a new visitor, once.
        restarted = true;
        saveToken("");
        socket.close();
        return start();
      }
      setStatus(err?.message && !/xhr|websocket|timeout/i.test(err.message) ? err.message : t.offline);
    });
    socket.on("message:created", (m, ack) => {
      upsert(m);
      if (typeof ack === "function") ack();
      if (m.direction === "outbound") tellParent("message");
    });
  }

  function start() {
    if (!config.enabled) return setStatus(t.unavailable);
    setStatus(t.connecting);
    readToken((stored) => {
      api("/session", { body: JSON.stringify({ token: (!restarted && stored) || undefined }) })
        .then((s) => {
          session = s;
          if (!s.resumed) saveToken(s.token);
          connect();
        })
        .catch((e) => {
          setStatus(e.message);
        });
    });
  }

  // --- UI wiring ---------------------------------------------------------------------------
  var input = $("input");
  input.placeholder = t.placeholder;
  input.setAttribute("aria-label", t.placeholder);
  $("send").textContent = t.send;
  $("attach").appendChild(icon("M16.5 6.5l-7.8 7.8a2 2 0 0 0 2.8 2.8l7.8-7.8a4 4 0 0 0-5.7-5.7L5.8 11.4a6 6 0 0 0 8.5 8.5l6.2-6.2"));
  $("attach").setAttribute("aria-label", t.attach);
  $("attach").title = t.attach;
  $("close").appendChild(icon("M6 6l12 12M18 6L6 18"));
  $("close").setAttribute("aria-label", t.close);
  $("close").hidden = !embedded;
  $("profile-toggle").appendChild(icon("M3 6h18v12H3zM3 6l9 7 9-7"));
  $("profile-toggle").setAttribute("aria-label", t.profile);
  $("profile-toggle").title = t.profile;
  $("profile-intro").textContent = t.profileIntro;
  $("name-label").textContent = t.name;
  $("email-label").textContent = t.email;
  $("profile-save").textContent = t.save;
  $("earlier").textContent = t.earlier;
  $("messages").setAttribute("aria-label", title);
  $("chat-title").textContent = title;
  document.title = title;

  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || !socket) return;
    input.value = "";
    autosize();
    clearTimeout(typingStop);
    if (typingSentAt) {
      typingSentAt = 0;
      setTyping(false);
    }
    send(text, newClientId());
  });
  input.addEventListener("keydown", (e) => {
    // Enter sends, Shift+Enter breaks the line; never while an IME is composing (Japanese input).
    if (e.key !== "Enter" || e.shiftKey || e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    $("composer").requestSubmit();
  });
  function autosize() {
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight, 120)}px`;
  }
  input.addEventListener("input", autosize);
  // Tell the agent the customer is typing: at most every 3 s while typing, and "stopped" after a pause.
  var typingSentAt = 0;
  var typingStop = null;
  function setTyping(on) {
    if (socket?.connected) socket.emit("typing:set", { typing: on });
  }
  input.addEventListener("input", () => {
    if (!input.value.trim()) return;
    if (Date.now() - typingSentAt > 3000) {
      typingSentAt = Date.now();
      setTyping(true);
    }
    clearTimeout(typingStop);
    typingStop = setTimeout(() => {
      typingSentAt = 0;
      setTyping(false);
    }, 4000);
  });
  $("attach").addEventListener("click", () => {
    $("file").click();
  });
  $("file").addEventListener("change", () => {
    var file = $("file").files[0];
    $("file").value = "";
    if (file && session) upload(file);
  });
  $("earlier").addEventListener("click", () => {
    if (oldestId) loadHistory(oldestId);
  });
  $("close").addEventListener("click", () => {
    tellParent("close");
  });
  $("profile-toggle").addEventListener("click", () => {
    var form = $("profile");
    form.hidden = !form.hidden;
    $("profile-toggle").setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) $("profile-name").focus();
  });
  $("profile").addEventListener("submit", (e) => {
    e.preventDefault();
    var email = $("profile-email").value.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return setStatus(t.invalidEmail);
    api("/profile", { body: JSON.stringify({ name: $("profile-name").value.trim() || undefined, email: email }) })
      .then(() => {
        $("profile").hidden = true;
        $("profile-toggle").setAttribute("aria-expanded", "false");
        setStatus(format(t.saved, { email: email }));
      })
      .catch((err) => {
        setStatus(err.message);
      });
  });

  showGreeting();
  tellParent("ready");
  start();
})();
