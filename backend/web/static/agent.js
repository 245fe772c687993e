/* The agents' console: the queue of conversations waiting for a person, one conversation at a
 * time (transcript, facts, claims), taking over, messaging, handing back, starting a claim.
 *
 * The agent's staff session: staff-session.js.
 */
(function () {
  "use strict";

  var SESSION_KEY = "claimsAgent.session";
  var POLL_MS = 2000;
  var REASONS = {
    customer_asked: "Asked for a person",
    repeated_misunderstanding: "Assistant didn't understand",
    serious_injury: "Serious injury",
    distress: "Customer in distress",
    legal_action: "Mentions legal action",
    agent_intake: "Started by an agent"
  };
  var URGENT = ["serious_injury", "distress", "legal_action"];
  var CHANNELS = { socketio: "web chat", telegram: "Telegram", twilio: "SMS / WhatsApp", rest: "REST" };
  var FACT_LABELS = {
    order_id: "Order", customer_email: "Email", claim_sku: "Item", mentioned_item: "Item",
    incident_date: "Incident date", defect_description: "Defect", harm_kind: "Harm",
    property_damage_description: "Damage", property_damage_amount: "Damage cost",
    injury_description: "Injury", injury_treatment: "Treatment", medical_costs: "Medical costs",
    lost_earnings: "Lost earnings", evidence_ids: "Files"
  };
  // What the queue shows of each conversation: enough to pick one, not the whole story.
  var QUEUE_FACTS = ["order_id", "customer_email", "claim_sku", "mentioned_item", "harm_kind"];

  var $ = function (id) { return document.getElementById(id); };
  var agent = null;
  var selectedId = null;
  var lastTranscript = "";
  var timers = [];
  var NOT_ANSWERING = "The service is not answering, try again";

  /* ---- HTTP ---------------------------------------------------------------------------- */

  function call(method, path, body) {
    return StaffSession.call(agent, method, path, body, signOut);
  }

  var errorMessage = StaffSession.errorMessage;

  function show(element, text) {
    element.textContent = text || "";
    element.hidden = !text;
  }

  /* ---- signing in and out -------------------------------------------------------------- */

  $("sign-in").addEventListener("submit", function (event) {
    event.preventDefault();
    show($("sign-in-error"), "");
    StaffSession.signIn($("agent-username").value.trim(), $("agent-password").value)
      .then(function (result) {
        if (result.error) {
          show($("sign-in-error"), result.error);
          return;
        }
        sessionStorage.setItem(SESSION_KEY, JSON.stringify(result.session));
        $("agent-password").value = "";
        start(result.session);
      });
  });

  $("sign-out").addEventListener("click", function () {
    // End the session on the server too, so the token is worthless from now on.
    if (agent) StaffSession.endOnServer(agent);
    signOut("");
  });

  function signOut(reason) {
    sessionStorage.removeItem(SESSION_KEY);
    timers.forEach(clearInterval);
    timers = [];
    agent = null;
    selectedId = null;
    $("console").hidden = true;
    $("whoami").hidden = true;
    $("sign-in-section").hidden = false;
    show($("sign-in-error"), reason);
  }

  function start(session) {
    agent = session;
    $("agent-name").textContent = session.name;
    $("whoami").hidden = false;
    $("sign-in-section").hidden = true;
    $("console").hidden = false;
    refreshQueue();
    timers.push(setInterval(refreshQueue, POLL_MS));
    timers.push(setInterval(refreshConversation, POLL_MS));
  }

  /* ---- the queue ----------------------------------------------------------------------- */

  function waited(since) {
    var minutes = Math.max(0, Math.round((Date.now() - Date.parse(since)) / 60000));
    if (minutes < 1) return "just now";
    if (minutes < 60) return minutes + " min";
    return Math.floor(minutes / 60) + " h " + (minutes % 60) + " min";
  }

  function known(value) {
    return value !== null && value !== undefined && value !== "" &&
      !(Array.isArray(value) && !value.length);
  }

  function factsLine(facts) {
    facts = facts || {};
    return QUEUE_FACTS.filter(function (key) { return known(facts[key]); }).map(function (key) {
      return (FACT_LABELS[key] || key.replace(/_/g, " ")) + ": " + formatValue(facts[key]);
    }).join(" · ");
  }

  function formatValue(value) {
    if (Array.isArray(value)) return value.join(", ");
    if (value && typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  var queueBusy = false;
  function refreshQueue() {
    if (!agent || queueBusy) return;
    queueBusy = true;
    call("GET", "/api/agent/handoffs").then(function (result) {
      queueBusy = false;
      if (result.status !== 200) {
        show($("queue-error"), errorMessage(result, "The queue could not be loaded."));
        return;
      }
      show($("queue-error"), "");
      renderQueue(result.body.handoffs || []);
    }, function () {
      queueBusy = false;
      show($("queue-error"), "The claims service is not answering; retrying…");
    });
  }

  function renderQueue(handoffs) {
    var list = $("queue");
    list.textContent = "";
    $("queue-empty").hidden = handoffs.length > 0;
    handoffs.forEach(function (handoff) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "queue-item";
      button.dataset.handoffId = handoff.id;
      button.setAttribute("aria-current", String(handoff.id === selectedId));

      var reason = document.createElement("span");
      reason.className = "reason";
      var reasons = handoff.reasons && handoff.reasons.length ? handoff.reasons : [handoff.reason];
      reason.textContent = reasons.map(function (code) { return REASONS[code] || code; }).join(", ");
      // Urgent when any reason is: a distressed customer who first asked for a person still is.
      if (reasons.some(function (code) { return URGENT.indexOf(code) !== -1; })) {
        var urgent = document.createElement("span");
        urgent.className = "badge urgent";
        urgent.textContent = "urgent";
        reason.appendChild(urgent);
      }
      var status = document.createElement("span");
      status.className = "badge";
      status.textContent = handoff.status === "active" ? "with " + handoff.agent : "waiting";
      reason.appendChild(status);

      var where = document.createElement("span");
      where.className = "detail";
      where.textContent = (CHANNELS[handoff.channel] || handoff.channel) + " · waiting " +
        waited(handoff.created_at) + " · " + handoff.conversation_id;
      var facts = document.createElement("span");
      facts.className = "detail facts-line";
      facts.textContent = factsLine(handoff.facts) || "No facts yet";

      button.append(reason, where, facts);
      button.addEventListener("click", function () { select(handoff.id); });
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  /* ---- one conversation ---------------------------------------------------------------- */

  function select(id) {
    selectedId = id;
    lastTranscript = "";
    $("transcript").textContent = "";
    show($("conversation-error"), "");
    document.querySelectorAll(".queue-item").forEach(function (button) {
      button.setAttribute("aria-current", String(button.dataset.handoffId === id));
    });
    refreshConversation();
  }

  var conversationBusy = false;
  function refreshConversation() {
    if (!agent || !selectedId || conversationBusy) return;
    conversationBusy = true;
    var id = selectedId;
    call("GET", "/api/agent/handoffs/" + encodeURIComponent(id)).then(function (result) {
      conversationBusy = false;
      if (id !== selectedId) return;
      if (result.status !== 200) {
        show($("conversation-error"), errorMessage(result, "This conversation could not be loaded."));
        return;
      }
      renderConversation(result.body);
    }, function () {
      conversationBusy = false;
    });
  }

  function renderConversation(handoff) {
    $("conversation-empty").hidden = true;
    $("conversation-body").hidden = false;
    $("conversation-id").textContent = handoff.conversation_id;
    $("conversation-channel").textContent = CHANNELS[handoff.channel] || handoff.channel;
    $("conversation-status").textContent = handoff.status === "active"
      ? "with " + handoff.agent
      : handoff.status === "returned" ? "back with the assistant" : "waiting for a person";
    $("conversation-reasons").textContent = "Why: " + (handoff.reasons || [handoff.reason])
      .map(function (code) { return REASONS[code] || code; }).join(", ") +
      (handoff.customer_message ? " — “" + handoff.customer_message + "”" : "");

    renderTranscript(handoff.transcript || []);
    renderFacts(handoff.facts || {});
    renderClaims(handoff.claims || []);

    var mine = handoff.status === "active" && handoff.agent === agent.name;
    $("take-over").hidden = handoff.status !== "waiting";
    $("agent-message").hidden = !mine;
    $("hand-back").hidden = !mine;
  }

  function renderTranscript(messages) {
    var serialized = JSON.stringify(messages);
    if (serialized === lastTranscript) return;
    lastTranscript = serialized;
    var list = $("transcript");
    list.textContent = "";
    messages.forEach(function (entry) {
      var item = document.createElement("li");
      item.className = entry.from;
      var from = document.createElement("span");
      from.className = "from";
      from.textContent = entry.from === "agent" ? (entry.agent || "Agent") + ":"
        : entry.from === "customer" ? "Customer:" : "Assistant:";
      item.appendChild(from);
      var text = entry.text || "";
      if (entry.buttons && entry.buttons.length) {
        text += " [" + entry.buttons.map(function (b) { return b.title; }).join(" | ") + "]";
      }
      if (entry.evidence_ids && entry.evidence_ids.length) {
        text += " (evidence " + entry.evidence_ids.join(", ") + ")";
      }
      item.appendChild(document.createTextNode(text));
      if (entry.at) {
        var at = document.createElement("time");
        at.className = "at";
        at.dateTime = entry.at;
        at.textContent = new Date(entry.at).toLocaleTimeString();
        item.appendChild(at);
      }
      list.appendChild(item);
    });
    list.scrollTop = list.scrollHeight;
  }

  function renderFacts(facts) {
    var list = $("facts");
    list.textContent = "";
    Object.keys(facts).forEach(function (key) {
      var value = facts[key];
      if (!known(value)) return;
      var term = document.createElement("dt");
      term.textContent = FACT_LABELS[key] || key.replace(/_/g, " ");
      var detail = document.createElement("dd");
      detail.textContent = formatValue(value);
      list.append(term, detail);
    });
    if (!list.children.length) {
      var none = document.createElement("dd");
      none.textContent = "None yet";
      list.appendChild(none);
    }
  }

  function renderClaims(claims) {
    var list = $("claims");
    list.textContent = "";
    claims.forEach(function (claim) {
      var item = document.createElement("li");
      item.className = "claim";
      item.textContent = claim.reference + " — " + claim.status.replace(/_/g, " ") +
        (claim.claimed_total ? " — $" + claim.claimed_total : "");
      list.appendChild(item);
    });
    if (!claims.length) {
      var none = document.createElement("li");
      none.className = "note";
      none.textContent = "No claim filed yet";
      list.appendChild(none);
    }
  }

  /* ---- acting on it -------------------------------------------------------------------- */

  function act(path, body, failure) {
    show($("conversation-error"), "");
    return call("POST", "/api/agent/handoffs/" + encodeURIComponent(selectedId) + path, body)
      .then(function (result) {
        if (result.status >= 300) {
          show($("conversation-error"), errorMessage(result, failure));
          return null;
        }
        refreshConversation();
        refreshQueue();
        return result.body;
      }, function () {
        show($("conversation-error"), NOT_ANSWERING);
        return null;
      });
  }

  $("take-over").addEventListener("click", function () {
    act("/take", {}, "Taking over failed.");
  });

  $("agent-message").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = $("agent-text").value.trim();
    if (!text) return;
    act("/messages", { text: text }, "The message was not sent.").then(function (sent) {
      if (sent) $("agent-text").value = "";
    });
  });

  /** The non-empty fields of a form, by name. */
  function filled(form, names) {
    var values = {};
    names.forEach(function (name) {
      var value = form.elements.namedItem(name).value.trim();
      if (value) values[name] = value;
    });
    return values;
  }

  $("hand-back").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var facts = filled(form, ["order_id", "item", "customer_email"]);
    act("/hand-back", { facts: facts }, "Handing back failed.").then(function (handoff) {
      if (handoff) form.reset();
    });
  });

  $("intake").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    show($("intake-error"), "");
    var body = {
      channel: form.elements.namedItem("channel").value,
      conversation_id: form.elements.namedItem("conversation_id").value.trim(),
      facts: filled(form, ["order_id", "item", "customer_email"])
    };
    call("POST", "/api/agent/intake", body).then(function (result) {
      if (result.status !== 201) {
        show($("intake-error"), errorMessage(result, "The claim could not be started."));
        return;
      }
      form.reset();
      select(result.body.id);  // the conversation view polls until the claim appears
    }, function () {
      show($("intake-error"), NOT_ANSWERING);
    });
  });

  /* ---- start --------------------------------------------------------------------------- */

  var stored = StaffSession.stored(SESSION_KEY);
  if (stored) start(stored);
})();
