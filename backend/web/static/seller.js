/* The seller portal: the claims put before the seller (facts, the customer's evidence, the
 * deadline counting down; accept, reject with a defence and files, forward to the insurer;
 * appeal a concession), the insurance requirement with the policies on file, and the metrics.
 *
 * The user's session token (POST /api/seller/sign-in) lives in sessionStorage: it ends with the
 * tab. Files are fetched with it and shown from blob: URLs, never linked with the token.
 */
(function () {
  "use strict";

  var SESSION_KEY = "claimsSeller.session";
  var STATUSES = {
    awaiting_seller: "Waiting for your answer",
    seller_accepted: "Accepted by you",
    seller_rejected: "Rejected by you: in dispute",
    concession_paid: "Paid by the marketplace (concession)",
    marketplace_stepped_in: "The marketplace stepped in",
    withdrawn: "Withdrawn by the customer",
    denied: "Denied",
    closed: "Closed"
  };
  var OUTCOMES = {
    concession: "The marketplace paid the customer (a concession)",
    routed_to_seller: "Routed to you for an answer",
    seller_accepted: "You accepted: you pay the customer",
    forwarded_to_insurer: "Forwarded to your insurer",
    seller_rejected: "You rejected the claim",
    marketplace_stepped_in: "The marketplace paid the customer",
    denied: "The claim was denied: nobody pays"
  };
  var TREATMENTS = {
    none: "No treatment", first_aid: "First aid", doctor: "Seen by a doctor",
    emergency_room: "Emergency room", hospitalized: "Hospitalized"
  };
  var ACTIONS = { accept: "Accepted", reject: "Rejected", forward_to_insurer: "Forwarded to the insurer" };
  var VERIFICATION = { verified: "Verified", pending: "Pending verification", rejected: "Rejected" };
  var NOT_ANSWERING = "The claims service is not answering: please try again.";

  var $ = function (id) { return document.getElementById(id); };
  var seller = null;
  var claims = [];
  var selected = null;
  var countdown = null;
  var blobUrls = [];
  var alsoOnShow = {};  // view id -> what the portal's other scripts load when it is shown

  /* ---- HTTP ---------------------------------------------------------------------------- */

  function authorization() {
    return { Authorization: "Bearer " + seller.token };
  }

  function answer(response) {
    return response.json().catch(function () { return null; }).then(function (data) {
      if (response.status === 401) signOut("Your session has ended: please sign in again.");
      return { status: response.status, body: data };
    });
  }

  function call(method, path, body) {
    var headers = authorization();
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(answer);
  }

  /** Upload each chosen file as the seller's own evidence; their ids, in order. */
  function uploadAll(files) {
    var ids = [];
    return Array.prototype.reduce.call(files, function (done, file) {
      return done.then(function () {
        var form = new FormData();
        form.append("file", file, file.name);
        return fetch("/api/evidence", { method: "POST", headers: authorization(), body: form })
          .then(answer).then(function (result) {
            if (result.status !== 201) {
              throw new Error(file.name + ": " + errorMessage(result, "the file was not accepted."));
            }
            ids.push(result.body.id);
          });
      });
    }, Promise.resolve()).then(function () { return ids; });
  }

  function errorMessage(result, fallback) {
    var errors = result.body && result.body.errors;
    return (errors && errors.map(function (e) { return e.message; }).join(" ")) || fallback;
  }

  function show(element, text) {
    element.textContent = text || "";
    element.hidden = !text;
  }

  /* ---- formatting ---------------------------------------------------------------------- */

  /** "$12,500.00" from "12500.00", by the digits (money is never a float here). */
  function money(amount) {
    if (amount === null || amount === undefined) return "—";
    var parts = String(amount).split(".");
    return "$" + parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + (parts[1] || "00");
  }

  function when(timestamp) {
    return timestamp ? new Date(timestamp).toLocaleString() : "—";
  }

  function words(code) {
    return String(code).replace(/_/g, " ");
  }

  function timeLeft(due) {
    var ms = Date.parse(due) - Date.now();
    if (ms <= 0) return null;
    var minutes = Math.floor(ms / 60000);
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    var text = days ? days + (days === 1 ? " day " : " days ") : "";
    text += hours + " h " + (minutes % 60) + " min";
    if (!days && !hours) text += " " + Math.floor((ms % 60000) / 1000) + " s";
    return text + " left";
  }

  function definitions(list, rows) {
    list.textContent = "";
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === "") return;
      var term = document.createElement("dt");
      term.textContent = row[0];
      var detail = document.createElement("dd");
      detail.textContent = row[1];
      list.append(term, detail);
    });
  }

  /* ---- signing in and out -------------------------------------------------------------- */

  $("sign-in").addEventListener("submit", function (event) {
    event.preventDefault();
    show($("sign-in-error"), "");
    fetch("/api/seller/sign-in", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        username: $("seller-username").value.trim(),
        password: $("seller-password").value
      })
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (response.status !== 200) {
          show($("sign-in-error"), response.status === 401
            ? "That username and password do not match an active seller user."
            : errorMessage({ body: data }, "Signing in failed: please try again."));
          return;
        }
        sessionStorage.setItem(SESSION_KEY, JSON.stringify(data));
        $("seller-password").value = "";
        start(data);
      });
    }, function () {
      show($("sign-in-error"), NOT_ANSWERING);
    });
  });

  $("sign-out").addEventListener("click", function () {
    // End the session on the server too, so the token is worthless from now on.
    if (seller) {
      fetch("/api/seller/sign-out", { method: "POST", headers: authorization() }).catch(function () {});
    }
    signOut("");
  });

  function signOut(reason) {
    sessionStorage.removeItem(SESSION_KEY);
    clearInterval(countdown);
    forgetFiles();
    seller = null;
    selected = null;
    $("portal").hidden = true;
    $("whoami").hidden = true;
    $("sign-in-section").hidden = false;
    show($("sign-in-error"), reason);
  }

  function start(session) {
    seller = session;
    $("seller-user").textContent = session.username;
    $("seller-id").textContent = session.seller_id;
    $("whoami").hidden = false;
    $("sign-in-section").hidden = true;
    $("portal").hidden = false;
    countdown = setInterval(renderDeadline, 1000);
    showView("claims-view");
  }

  /* ---- views --------------------------------------------------------------------------- */

  document.querySelectorAll(".tab").forEach(function (tab) {
    tab.addEventListener("click", function () { showView(tab.dataset.view); });
  });

  function showView(id) {
    document.querySelectorAll(".tab").forEach(function (tab) {
      if (tab.dataset.view === id) tab.setAttribute("aria-current", "page");
      else tab.removeAttribute("aria-current");
    });
    document.querySelectorAll(".view").forEach(function (view) { view.hidden = view.id !== id; });
    if (id === "claims-view") loadClaims();
    if (id === "insurance-view") loadInsurance();
    if (id === "metrics-view") loadMetrics();
    (alsoOnShow[id] || []).forEach(function (load) { load(); });
  }

  /* ---- files --------------------------------------------------------------------------- */

  function forgetFiles() {
    blobUrls.forEach(function (url) { URL.revokeObjectURL(url); });
    blobUrls = [];
    $("file-preview").textContent = "";
    $("policy-preview").textContent = "";
  }

  /** Fetch a file with the session and show it in `preview`: a picture inline, else a link. */
  function openFile(id, preview, caption) {
    preview.textContent = "Opening " + id + "…";
    fetch("/api/evidence/" + encodeURIComponent(id), { headers: authorization() })
      .then(function (response) {
        if (response.status === 401) signOut("Your session has ended: please sign in again.");
        if (!response.ok) throw new Error("This file cannot be opened (" + response.status + ").");
        return response.blob();
      })
      .then(function (blob) {
        var url = URL.createObjectURL(blob);
        blobUrls.push(url);
        var figure = document.createElement("figure");
        var label = document.createElement("figcaption");
        label.textContent = caption + " (" + id + ")";
        if (blob.type.indexOf("image/") === 0) {
          var image = document.createElement("img");
          image.src = url;
          image.alt = caption + " " + id;
          figure.append(image, label);
        } else {
          var link = document.createElement("a");
          link.href = url;
          link.target = "_blank";
          link.rel = "noopener";
          link.download = id + (blob.type === "application/pdf" ? ".pdf" : "");
          link.textContent = "Open " + id + " (" + (blob.type || "file") + ")";
          figure.append(link, label);
        }
        preview.textContent = "";
        preview.appendChild(figure);
      })
      .catch(function (error) { preview.textContent = error.message || NOT_ANSWERING; });
  }

  function fileButton(id, preview, caption) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = "View " + id;
    button.setAttribute("aria-label", "View " + caption + " " + id);
    button.addEventListener("click", function () { openFile(id, preview, caption); });
    return button;
  }

  /* ---- claims -------------------------------------------------------------------------- */

  $("status-filter").addEventListener("change", loadClaims);

  function loadClaims() {
    var status = $("status-filter").value;
    call("GET", "/api/seller/claims" + (status ? "?status=" + encodeURIComponent(status) : ""))
      .then(function (result) {
        if (result.status !== 200) {
          show($("claims-error"), errorMessage(result, "Your claims could not be loaded."));
          return;
        }
        show($("claims-error"), "");
        claims = result.body.claims || [];
        renderClaims();
        if (selected) {
          var fresh = claims.filter(function (c) { return c.reference === selected.reference; })[0];
          if (fresh) renderClaim(fresh);
        }
      }, function () { show($("claims-error"), NOT_ANSWERING); });
  }

  function renderClaims() {
    var list = $("claims");
    list.textContent = "";
    $("claims-empty").hidden = claims.length > 0;
    // The most urgent first: those waiting for an answer, soonest deadline first.
    var ordered = claims.slice().sort(function (a, b) {
      var aDue = a.status === "awaiting_seller" ? Date.parse(a.seller_response_due) : Infinity;
      var bDue = b.status === "awaiting_seller" ? Date.parse(b.seller_response_due) : Infinity;
      return aDue - bDue;
    });
    ordered.forEach(function (claim) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "queue-item";
      button.dataset.reference = claim.reference;
      button.setAttribute("aria-current", String(!!selected && selected.reference === claim.reference));
      var title = document.createElement("span");
      title.className = "reason";
      title.textContent = claim.reference + " · " + money(claim.claimed_total);
      var status = document.createElement("span");
      status.className = "detail";
      status.textContent = (STATUSES[claim.status] || words(claim.status)) + " · " + claim.sku;
      button.append(title, status);
      if (claim.status === "awaiting_seller" && claim.seller_response_due) {
        var due = document.createElement("span");
        due.className = "due";
        due.textContent = timeLeft(claim.seller_response_due) || "Deadline passed";
        button.appendChild(due);
      }
      button.addEventListener("click", function () { select(claim); });
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  function select(claim) {
    forgetFiles();
    show($("claim-error"), "");
    $("response").reset();
    $("appeal").reset();
    renderClaim(claim);
    renderClaims();
    $("claim-title").focus();
  }

  function renderClaim(claim) {
    selected = claim;
    $("claim-empty").hidden = true;
    $("claim-body").hidden = false;
    $("claim-title").textContent = "Claim " + claim.reference;
    $("claim-title").tabIndex = -1;
    $("claim-status").textContent = STATUSES[claim.status] || words(claim.status);
    $("claim-filed").textContent = when(claim.created_at);
    renderDeadline();

    var damage = claim.property_damage;
    var injury = claim.injury;
    definitions($("claim-facts"), [
      ["Order", claim.order_id],
      ["Item", claim.sku],
      ["Incident date", claim.incident_date],
      ["Defect", claim.defect_description],
      ["Property damage", damage && damage.description + " — " + money(damage.amount)],
      ["Injury", injury && injury.description + " (" + (TREATMENTS[injury.treatment] || injury.treatment) + ")"],
      ["Medical costs", injury && money(injury.medical_costs)],
      ["Lost earnings", injury && money(injury.lost_earnings)],
      ["Claimed in total", money(claim.claimed_total)]
    ]);

    var files = $("claim-evidence");
    files.textContent = "";
    (claim.evidence || []).forEach(function (file) {
      var item = document.createElement("li");
      item.appendChild(fileButton(file.id, $("file-preview"), "Customer's file"));
      item.appendChild(document.createTextNode(" " + file.content_type));
      files.appendChild(item);
    });
    if (!files.children.length) {
      var none = document.createElement("li");
      none.className = "note";
      none.textContent = "The customer gave no files.";
      files.appendChild(none);
    }

    var decision = claim.decision || {};
    definitions($("claim-outcome"), [
      ["Decision", OUTCOMES[decision.outcome] || words(decision.outcome || "—")],
      ["Who pays", decision.payer ? words(decision.payer)
        : decision.outcome === "denied" ? "Nobody" : "Not decided yet"],
      ["Reimbursement asked of you", decision.reimbursement_sought
        ? "Yes: " + money(claim.claimed_total) + ", unless your insurance on file covers it"
        : "None"],
      ["Order defect rate", decision.odr_impact ? "Counts against you" : "Does not count"],
      ["Why", decision.explanation]
    ]);

    renderAnswers(claim);
    renderTimeline(claim.events || []);

    var open = claim.status === "awaiting_seller" && !!timeLeft(claim.seller_response_due);
    $("response").hidden = !open;
    $("appeal").hidden = !(claim.status === "concession_paid" && !(claim.appeals || []).length);
  }

  function renderDeadline() {
    var claim = selected;
    var box = $("claim-deadline");
    if (!claim || claim.status !== "awaiting_seller" || !claim.seller_response_due) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    $("deadline-at").dateTime = claim.seller_response_due;
    $("deadline-at").textContent = when(claim.seller_response_due);
    var left = timeLeft(claim.seller_response_due);
    box.classList.toggle("passed", !left);
    $("deadline-left").textContent = left || "the deadline has passed: the marketplace steps in";
    if (!left) $("response").hidden = true;
  }

  function renderAnswers(claim) {
    var list = $("claim-answers");
    list.textContent = "";
    (claim.seller_responses || []).forEach(function (response) {
      list.appendChild(answerItem(
        (ACTIONS[response.action] || words(response.action)) + " on " + when(response.responded_at),
        response.statement, response.evidence_ids));
    });
    (claim.appeals || []).forEach(function (appeal) {
      list.appendChild(answerItem(
        "Appealed on " + when(appeal.filed_at) + " (" + words(appeal.status) + ")",
        appeal.statement, appeal.evidence_ids));
    });
    if (!list.children.length) {
      var none = document.createElement("li");
      none.className = "note";
      none.textContent = "You have not answered yet.";
      list.appendChild(none);
    }
  }

  function answerItem(heading, statement, evidenceIds) {
    var item = document.createElement("li");
    var title = document.createElement("strong");
    title.textContent = heading;
    item.appendChild(title);
    if (statement) {
      var said = document.createElement("span");
      said.className = "said";
      said.textContent = "“" + statement + "”";
      item.appendChild(said);
    }
    (evidenceIds || []).forEach(function (id) {
      item.appendChild(document.createTextNode(" "));
      item.appendChild(fileButton(id, $("file-preview"), "Your file"));
    });
    return item;
  }

  function actorLabel(actor) {
    var own = "seller:" + seller.seller_id;
    if (actor === own) return "You (API)";
    if (actor.indexOf(own + ":") === 0) return "You (" + actor.slice(own.length + 1) + ")";
    if (actor === "customer" || actor === "service") return "Customer";
    return "Marketplace";
  }

  function renderTimeline(events) {
    var list = $("claim-timeline");
    list.textContent = "";
    events.forEach(function (event) {
      var item = document.createElement("li");
      var at = document.createElement("time");
      at.dateTime = event.at;
      at.textContent = when(event.at);
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = " · " + actorLabel(event.actor);
      item.append(words(event.type) + " — ", at, who);
      if (event.note) {
        var note = document.createElement("span");
        note.className = "said";
        note.textContent = event.note;
        item.appendChild(note);
      }
      list.appendChild(item);
    });
  }

  /** Upload the form's files, then send `body` plus their ids; the claim as answered. */
  function sendWithFiles(form, path, body, failure) {
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    show($("claim-error"), "");
    return uploadAll(form.elements.namedItem("files").files)
      .then(function (ids) {
        body.evidence_ids = ids;
        return call("POST", path, body);
      })
      .then(function (result) {
        if (result.status !== 200) throw new Error(errorMessage(result, failure));
        form.reset();
        renderClaim(result.body);
        loadClaims();
      })
      .catch(function (error) { show($("claim-error"), error.message || NOT_ANSWERING); })
      .then(function () { button.disabled = false; });
  }

  $("response").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var action = form.elements.namedItem("action").value;
    var statement = form.elements.namedItem("statement").value.trim();
    if (action === "reject" && !statement) {
      show($("claim-error"), "A rejection needs a statement: your defence.");
      $("response-statement").focus();
      return;
    }
    var body = { action: action };
    if (statement) body.statement = statement;
    sendWithFiles(form, "/api/seller/claims/" + encodeURIComponent(selected.reference) + "/response",
      body, "Your answer was not accepted.");
  });

  $("appeal").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    sendWithFiles(form, "/api/seller/claims/" + encodeURIComponent(selected.reference) + "/appeal",
      { statement: form.elements.namedItem("statement").value.trim() },
      "Your appeal was not accepted.");
  });

  /* ---- insurance ----------------------------------------------------------------------- */

  function loadInsurance() {
    call("GET", "/api/seller/insurance").then(function (result) {
      if (result.status !== 200) {
        show($("insurance-error"), errorMessage(result, "Your insurance status could not be loaded."));
        return;
      }
      show($("insurance-error"), "");
      renderInsurance(result.body);
    }, function () { show($("insurance-error"), NOT_ANSWERING); });
  }

  function renderInsurance(status) {
    var since = status.required_since_month;
    definitions($("requirement"), [
      ["Insurance required", status.required
        ? "Yes, since " + since + " (sales of " + money(status.sales_that_month) +
          " that month; the rule: $10,000 in one calendar month)"
        : "No: your sales have not reached $10,000 in one calendar month"],
      ["Proof due", status.proof_due || (status.required ? "—" : "Not due")],
      ["Compliant", status.compliant ? "Yes" : "No"],
      ["Overdue", status.overdue ? "Yes: file your proof now" : "No"],
      ["Waiting for verification", (status.pending_verification || []).join(", ")]
    ]);
    $("requirement-reason").textContent = status.reason;

    var body = $("policies").querySelector("tbody");
    body.textContent = "";
    var policies = status.policies || [];
    $("policies-empty").hidden = policies.length > 0;
    $("policies").hidden = !policies.length;
    policies.forEach(function (policy) {
      var row = document.createElement("tr");
      [
        policy.policy_number,
        policy.insurer,
        money(policy.per_occurrence_limit),
        policy.additional_insured ? "Yes" : "No",
        policy.valid_from + " – " + policy.valid_to
      ].forEach(function (text) {
        var cell = document.createElement("td");
        cell.textContent = text;
        row.appendChild(cell);
      });
      var state = document.createElement("td");
      state.className = "status-" + policy.verification;
      state.textContent = VERIFICATION[policy.verification] || policy.verification;
      row.appendChild(state);
      var proof = document.createElement("td");
      if (policy.proof_evidence_id) {
        proof.appendChild(fileButton(policy.proof_evidence_id, $("policy-preview"), "Policy document"));
      } else {
        proof.textContent = policy.submitted_by === "marketplace" ? "Loaded by the marketplace" : "—";
      }
      row.appendChild(proof);
      body.appendChild(row);
    });
  }

  $("policy").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var button = form.querySelector("button[type=submit]");
    var value = function (name) { return form.elements.namedItem(name).value.trim(); };
    show($("policy-error"), "");
    show($("policy-done"), "");
    button.disabled = true;
    uploadAll(form.elements.namedItem("document").files)
      .then(function (ids) {
        return call("POST", "/api/seller/insurance", {
          policy_number: value("policy_number"),
          insurer: value("insurer"),
          per_occurrence_limit: value("per_occurrence_limit"),
          additional_insured: form.elements.namedItem("additional_insured").checked,
          valid_from: value("valid_from"),
          valid_to: value("valid_to"),
          proof_evidence_id: ids[0]
        });
      })
      .then(function (result) {
        if (result.status !== 201) throw new Error(errorMessage(result, "The policy was not filed."));
        var number = value("policy_number");
        form.reset();
        renderInsurance(result.body);
        show($("policy-done"), "Policy " + number + " is filed: the marketplace verifies it next.");
      })
      .catch(function (error) { show($("policy-error"), error.message || NOT_ANSWERING); })
      .then(function () { button.disabled = false; });
  });

  /* ---- metrics ------------------------------------------------------------------------- */

  $("period-days").addEventListener("change", loadMetrics);

  function loadMetrics() {
    var days = $("period-days").value;
    call("GET", "/api/seller/metrics?days=" + encodeURIComponent(days)).then(function (result) {
      if (result.status !== 200) {
        show($("metrics-error"), errorMessage(result, "Your metrics could not be loaded."));
        return;
      }
      show($("metrics-error"), "");
      var metrics = result.body;
      $("metrics-range").textContent = "From " + when(metrics.from) + " to " + when(metrics.to);
      var rate = metrics.order_defect_rate;
      var figures = [
        ["Orders", metrics.orders],
        ["Claims", metrics.claims],
        ["Concessions paid by the marketplace", metrics.concessions],
        ["Claims counting as defects", metrics.odr_claims],
        ["Order defect rate", rate === null ? "No orders" : (Number(rate) * 100).toFixed(2) + " %"]
      ];
      var list = $("metrics");
      list.textContent = "";
      figures.forEach(function (figure) {
        var group = document.createElement("div");
        var term = document.createElement("dt");
        term.textContent = figure[0];
        var detail = document.createElement("dd");
        detail.textContent = String(figure[1]);
        group.append(term, detail);
        list.appendChild(group);
      });
    }, function () { show($("metrics-error"), NOT_ANSWERING); });
  }

  $("period").addEventListener("submit", function (event) { event.preventDefault(); });

  /* ---- for the portal's other scripts (seller-quotes.js) -------------------------------- */

  window.SellerPortal = {
    call: call,
    show: show,
    errorMessage: errorMessage,
    money: money,
    when: when,
    definitions: definitions,
    loadInsurance: loadInsurance,
    NOT_ANSWERING: NOT_ANSWERING,
    /** Run `load` each time the view `id` is shown. */
    whenShown: function (id, load) { (alsoOnShow[id] = alsoOnShow[id] || []).push(load); }
  };

  /* ---- start --------------------------------------------------------------------------- */

  var stored = null;
  try { stored = JSON.parse(sessionStorage.getItem(SESSION_KEY)); } catch (ignored) { stored = null; }
  if (stored && stored.token && Date.parse(stored.expires_at) > Date.now()) start(stored);
})();
