/* The customer's chat widget: talks to Rasa over socket.io, uploads evidence to the backend.
 *
 * The conversation (its id and token, from POST /api/chat/sessions) is kept in localStorage, so a
 * reload shows the same conversation (re-rendered from its transcript) and carries on with it. A
 * signed-in customer's conversation is kept in sessionStorage, like their customer token: it ends
 * with the tab, so the next person on a shared browser never sees it. The token goes with every
 * socket.io event: Rasa lets only its holder join the conversation or write into it.
 */
(function () {
  "use strict";

  var SESSION_KEY = "claimsChat.session";
  var CUSTOMER_TOKEN_KEY = "claimsChat.customerToken";
  var DEFAULT_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf"];
  // Browsers often leave a HEIC photo's type empty: recognise it by its name.
  var TYPE_BY_EXTENSION = {
    jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp",
    heic: "image/heic", heif: "image/heic", pdf: "application/pdf"
  };

  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var fileInput = document.getElementById("file");
  var errorBox = document.getElementById("chat-error");
  var connectionBanner = document.getElementById("connection");

  var session = null;
  var socket = null;
  var confirmed = false;
  var outbox = [];
  var everConfirmed = false;
  var customerToken = readCustomerToken();
  var store = customerToken ? sessionStorage : localStorage;

  /* ---- the signed-in customer ---------------------------------------------------------- */

  function readCustomerToken() {
    // Only from the fragment (#customer_token=...), which the browser never sends to a server,
    // so the token never lands in an access log.
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var fromUrl = params.get("customer_token");
    if (fromUrl) {
      sessionStorage.setItem(CUSTOMER_TOKEN_KEY, fromUrl);
      // Keep the token out of the address bar, bookmarks and screenshots.
      params.delete("customer_token");
      var rest = params.toString();
      history.replaceState(null, "", location.pathname + location.search + (rest ? "#" + rest : ""));
      return fromUrl;
    }
    var embedded = window.CLAIMS_CHAT && window.CLAIMS_CHAT.customerToken;
    return embedded || sessionStorage.getItem(CUSTOMER_TOKEN_KEY) || null;
  }

  function metadata(extra) {
    var data = extra || {};
    if (customerToken) data.customer_token = customerToken;
    return data;
  }

  /* ---- rendering ----------------------------------------------------------------------- */

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = !text;
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function disableOldButtons() {
    log.querySelectorAll(".quick-replies button").forEach(function (button) {
      button.disabled = true;
    });
  }

  /** One message in the log: who ("customer", "assistant" or "agent"), text, buttons. */
  function addMessage(who, text, options) {
    options = options || {};
    var item = document.createElement("li");
    item.className = "message " + who;
    if (who !== "customer") {
      var label = document.createElement("span");
      label.className = "who";
      label.textContent = who === "agent"
        ? (options.agent || "Agent") + " (claims team)"
        : "Assistant";
      item.appendChild(label);
    } else {
      var you = document.createElement("span");
      you.className = "visually-hidden";
      you.textContent = "You:";
      item.appendChild(you);
    }
    var bubble = document.createElement("div");
    bubble.className = "bubble";
    if (options.preview) bubble.appendChild(options.preview);
    if (text) bubble.appendChild(document.createTextNode(text));
    item.appendChild(bubble);
    if (options.buttons && options.buttons.length) {
      var group = document.createElement("div");
      group.className = "quick-replies";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Answers to choose from");
      options.buttons.forEach(function (choice) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = choice.title;
        button.addEventListener("click", function () {
          sendText(choice.payload, {}, choice.title);
        });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    log.appendChild(item);
    scrollToEnd();
    return item;
  }

  function renderTranscript(messages) {
    log.textContent = "";
    messages.forEach(function (entry) {
      // As live: only the last message's buttons still answer a question.
      disableOldButtons();
      addMessage(entry.from, entry.text, { buttons: entry.buttons, agent: entry.agent });
    });
  }

  /* ---- the conversation (backend) ------------------------------------------------------ */

  function api(method, path, body, headers) {
    return fetch(path, { method: method, body: body, headers: headers || {} }).then(
      function (response) {
        return response.json().catch(function () { return null; }).then(function (data) {
          return { status: response.status, body: data };
        });
      }
    );
  }

  function errorMessage(result, fallback) {
    var errors = result.body && result.body.errors;
    return (errors && errors[0] && errors[0].message) || fallback;
  }

  function newSession() {
    return api("POST", "/api/chat/sessions").then(function (result) {
      if (result.status !== 201) throw new Error(errorMessage(result, "The chat is unavailable."));
      store.setItem(SESSION_KEY, JSON.stringify(result.body));
      return result.body;
    });
  }

  function fetchTranscript(conversation) {
    return api(
      "GET",
      "/api/chat/sessions/" + encodeURIComponent(conversation.conversation_id) + "/transcript",
      undefined,
      { Authorization: "Bearer " + conversation.token }
    );
  }

  /** The stored conversation with its transcript, or a new one if it is gone or unreadable. */
  function resumeOrStart() {
    var stored = null;
    try { stored = JSON.parse(store.getItem(SESSION_KEY)); } catch (ignored) { stored = null; }
    if (!stored || !stored.conversation_id || !stored.token) {
      return newSession().then(function (created) { return { session: created, messages: [] }; });
    }
    return fetchTranscript(stored).then(function (result) {
      if (result.status === 200) return { session: stored, messages: result.body.messages || [] };
      if (result.status === 401 || result.status === 403 || result.status === 404) {
        return newSession().then(function (created) { return { session: created, messages: [] }; });
      }
      // The backend is struggling: keep the conversation, show what we can.
      showError("We couldn't load your earlier messages. You can carry on chatting.");
      return { session: stored, messages: [] };
    });
  }

  /* ---- talking to the assistant (socket.io) -------------------------------------------- */

  function socketUrl() {
    return session.socket_url || (location.protocol + "//" + location.hostname + ":5005");
  }

  function connect() {
    // Rasa's socket.io server allows no cross-origin polling: WebSocket only.
    socket = io(socketUrl(), { transports: ["websocket"], reconnectionDelayMax: 5000 });
    socket.on("connect", function () {
      confirmed = false;
      socket.emit("session_request", { session_id: session.conversation_id, token: session.token });
    });
    socket.on("session_confirm", function () {
      connectionBanner.hidden = true;
      document.body.classList.remove("offline");
      if (!everConfirmed) {
        everConfirmed = true;
        confirmed = true;
        flushOutbox();
        return;
      }
      // Back after a disconnection: show what was said meanwhile (an agent's messages).
      fetchTranscript(session).then(function (result) {
        if (result.status === 200) catchUp(result.body.messages || []);
      }, function () { /* keep what is shown */ }).then(function () {
        if (!socket.connected) return;  // lost again meanwhile: the next confirm catches up
        confirmed = true;
        flushOutbox();
      });
    });
    socket.on("disconnect", lostConnection);
    socket.on("connect_error", lostConnection);
    socket.on("bot_uttered", function (message) {
      var meta = message.metadata || {};
      var agent = meta.agent || message.agent;
      disableOldButtons();
      addMessage(agent ? "agent" : "assistant", message.text || "", {
        agent: agent,
        buttons: message.quick_replies || message.buttons
      });
    });
  }

  function lostConnection() {
    confirmed = false;
    connectionBanner.hidden = false;
    document.body.classList.add("offline");
  }

  /** Re-render from the transcript, keeping the messages still waiting to be sent after it. */
  function catchUp(messages) {
    renderTranscript(messages);
    outbox.forEach(function (pending) {
      disableOldButtons();
      addMessage("customer", pending.shown, { preview: pending.preview });
    });
  }

  function flushOutbox() {
    while (confirmed && outbox.length) {
      socket.emit("user_uttered", outbox.shift().event);
    }
  }

  /** Send `text` to the assistant (shown as `shown`, e.g. a button's title). */
  function sendText(text, extraMetadata, shown, preview) {
    if (!session) return;
    disableOldButtons();
    showError("");
    addMessage("customer", shown || text, { preview: preview });
    outbox.push({
      event: {
        message: text,
        session_id: session.conversation_id,
        token: session.token,
        metadata: metadata(extraMetadata)
      },
      shown: shown || text,
      preview: preview
    });
    flushOutbox();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    sendText(text);
    input.focus();
  });

  /* ---- evidence ------------------------------------------------------------------------ */

  function fileType(file) {
    if (file.type && file.type !== "application/octet-stream") {
      return file.type === "image/heif" ? "image/heic" : file.type;
    }
    var extension = (file.name.split(".").pop() || "").toLowerCase();
    return TYPE_BY_EXTENSION[extension] || "";
  }

  function megabytes(bytes) {
    return (bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 1) + " MB";
  }

  /** Why the file cannot be sent, or "" when it can. */
  function fileProblem(file) {
    var accepted = (session.accepted_types && session.accepted_types.length)
      ? session.accepted_types : DEFAULT_TYPES;
    if (accepted.indexOf(fileType(file)) === -1) {
      return "“" + file.name + "” can't be sent: please choose a photo (JPEG, PNG, WebP or " +
        "HEIC) or a PDF.";
    }
    var limit = session.upload_limit_bytes;
    if (limit && file.size > limit) {
      return "“" + file.name + "” is " + megabytes(file.size) + ": files can be at most " +
        megabytes(limit) + ". Please choose a smaller one.";
    }
    return "";
  }

  /** A thumbnail for a photo the browser can show, a chip naming the file otherwise. */
  function previewOf(file) {
    var type = fileType(file);
    if (type.indexOf("image/") === 0 && type !== "image/heic") {
      var image = document.createElement("img");
      image.className = "thumbnail";
      image.alt = "Photo " + file.name;
      image.src = URL.createObjectURL(file);
      return image;
    }
    var chip = document.createElement("span");
    chip.className = "file-chip";
    chip.textContent = (type === "application/pdf" ? "PDF" : "Photo") + " · " + file.name;
    return chip;
  }

  function upload(file) {
    var body = new FormData();
    body.append("file", file, file.name);
    return api("POST", "/api/evidence", body, { Authorization: "Bearer " + session.token });
  }

  fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    fileInput.value = "";
    if (!file || !session) return;
    var problem = fileProblem(file);
    if (problem) {
      showError(problem);
      return;
    }
    showError("");
    var preview = previewOf(file);
    upload(file).then(function (result) {
      if (result.status === 201) {
        sendText("📎 " + file.name, { evidence_ids: [result.body.id] }, null, preview);
      } else {
        showError(errorMessage(result, "We couldn't upload “" + file.name + "”. Please try again."));
      }
    }, function () {
      showError("We couldn't upload “" + file.name + "”: check your connection and try again.");
    });
  });

  /* ---- start --------------------------------------------------------------------------- */

  document.getElementById("signed-in").hidden = !customerToken;
  resumeOrStart().then(function (resumed) {
    session = resumed.session;
    renderTranscript(resumed.messages);
    document.body.dataset.conversationId = session.conversation_id;
    connect();
  }, function (error) {
    showError(error.message + " Please reload the page in a moment.");
  });
})();
