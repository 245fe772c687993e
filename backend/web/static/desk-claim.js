/* One claim on the desk (GET /api/desk/claims/{reference}): its facts, decision and reasons,
 * the evidence with the screening findings beside the photos they concern, the timeline, the
 * money, and the decisions the claim's `actions` allow. Every decision carries the status the
 * page showed (`expected_status`): a claim that changed meanwhile answers 409 `stale_state`. */
(function () {
  "use strict";

  var Desk = window.Desk;
  var $ = Desk.$;
  var element = Desk.element;
  var FACTS = [
    ["product", "Product"], ["defect", "Defect"], ["harm_types", "Harm"],
    ["property_damage_description", "Property damage"], ["property_damage_amount", "Damage cost"],
    ["injury_description", "Injury"], ["treatment", "Treatment"],
    ["medical_amount", "Medical costs"], ["lost_earnings_amount", "Lost earnings"],
    ["incident_date", "Incident date"]
  ];
  var MONEY_FACTS = ["property_damage_amount", "medical_amount", "lost_earnings_amount"];
  var UPLOADERS = { customer: "from the customer", seller: "from the seller" };
  // The decisions per action name: [button text, path, body fields].
  var DECISIONS = {
    review: [
      ["Clear the claim", "review", { decision: "clear" }],
      ["Deny as abusive", "review", { decision: "deny_abusive" }],
      ["Deny as unsubstantiated", "review", { decision: "deny_unsubstantiated" }]
    ],
    step_in: [["Step in: the marketplace pays", "step-in", {}]],
    dispute: [
      ["Step in for the customer", "dispute", { decision: "step_in" }],
      ["Uphold the seller's defence", "dispute", { decision: "uphold_seller" }]
    ],
    appeal: [
      ["Uphold the concession", "appeal", { decision: "uphold" }],
      ["Grant the appeal (waive the reimbursement)", "appeal", { decision: "grant" }]
    ],
    recovery: [
      ["Release the held recovery", "recovery", { decision: "release" }, "held"],
      ["Collect the held recovery", "recovery", { decision: "collect" }, "held"],
      ["Mark the recovery collected", "recovery", { decision: "mark_collected" }, "open"]
    ],
    mark_paid: [["Mark the payout paid", "payout", {}]],
    close: [["Close the claim", "close", {}]]
  };
  var NOTE_REQUIRED = ["review"];
  var reference = null;
  var shown = null;

  function load() {
    Desk.call("GET", "/api/desk/claims/" + encodeURIComponent(reference)).then(function (result) {
      if (result.status !== 200) {
        Desk.show($("claim-error"), result.status === 404
          ? "There is no claim " + reference + "."
          : Desk.errorMessage(result, "The claim could not be loaded."));
        return;
      }
      Desk.show($("claim-error"), "");
      render(result.body);
    }, function () {
      Desk.show($("claim-error"), Desk.NOT_ANSWERING);
    });
  }

  function render(claim) {
    shown = claim;
    document.title = claim.reference + " · Claims desk";
    $("claim-body").hidden = false;
    $("claim-title").textContent = claim.reference;
    $("claim-status").textContent = Desk.words(claim.status);
    $("claim-overdue").hidden = !claim.overdue;
    $("claim-overdue").textContent = "overdue since " + Desk.day(claim.desk_due);
    $("claim-summary").textContent = [
      Desk.money(claim.claimed_total) + " claimed",
      "order " + claim.order_id,
      claim.seller_id ? "seller " + claim.seller_id : null,
      claim.customer ? claim.customer.name + " <" + claim.customer.email + ">" : null,
      "filed " + Desk.when(claim.filed_at || claim.created_at)
    ].filter(Boolean).join(" · ");
    renderDecision(claim);
    renderFacts(claim.facts || {});
    renderEvidence(claim.evidence || [], claim.findings || []);
    renderTimeline(claim.timeline || claim.events || []);
    renderMoney(claim);
    renderActions(claim);
  }

  function renderDecision(claim) {
    var decision = claim.decision || {};
    $("claim-explanation").textContent = decision.explanation || "";
    var list = $("claim-reasons");
    list.textContent = "";
    var reasons = claim.reasons_explained && claim.reasons_explained.length
      ? claim.reasons_explained : (decision.reasons || []).map(Desk.words);
    reasons.forEach(function (reason) { list.appendChild(element("li", "", reason)); });
    if (decision.fraud_score !== null && decision.fraud_score !== undefined) {
      list.appendChild(element("li", "note", "Fraud score " + decision.fraud_score));
    }
  }

  function renderFacts(facts) {
    var list = $("claim-facts");
    list.textContent = "";
    FACTS.forEach(function (pair) {
      var value = facts[pair[0]];
      if (value === null || value === undefined || value === "" ||
          (Array.isArray(value) && !value.length)) return;
      if (Array.isArray(value)) value = value.map(Desk.words).join(", ");
      else if (MONEY_FACTS.indexOf(pair[0]) !== -1) value = Desk.money(value);
      else if (pair[0] === "treatment") value = Desk.words(value);
      list.append(element("dt", "", pair[1]), element("dd", "", String(value)));
    });
  }

  function findingItem(finding) {
    var item = element("li", "finding");
    item.appendChild(element("span", "badge", "weight " + finding.weight));
    item.appendChild(document.createTextNode(" " + finding.explanation));
    if (finding.other_reference) {
      item.appendChild(document.createTextNode(" Other claim: "));
      item.appendChild(Desk.claimLink(finding.other_reference));
    }
    return item;
  }

  /** The shown file a finding is about, or null for the claim as a whole. */
  function fileOf(finding, files) {
    return files.some(function (file) { return file.id === finding.evidence_id; })
      ? finding.evidence_id : null;
  }

  function renderEvidence(files, findings) {
    var list = $("evidence");
    list.textContent = "";
    $("evidence-empty").hidden = files.length > 0;
    files.forEach(function (file) {
      var item = element("li", "evidence-item");
      item.dataset.evidenceId = file.id;
      var figure = element("figure", "evidence-file");
      var caption = element("figcaption", "", file.id + " · " + file.content_type + " · " +
        (UPLOADERS[file.uploaded_by] || "") +
        (file.taken_on ? " · taken on " + file.taken_on : ""));
      figure.appendChild(caption);
      figure.appendChild(Desk.fileView(file.url || "/api/evidence/" + encodeURIComponent(file.id),
        (file.content_type.indexOf("image/") === 0 ? "Photo " : "File ") + file.id));
      item.appendChild(figure);
      var about = findings.filter(function (finding) { return fileOf(finding, files) === file.id; });
      var notes = element("ul", "findings");
      notes.setAttribute("aria-label", "Findings about " + file.id);
      about.forEach(function (finding) { notes.appendChild(findingItem(finding)); });
      if (!about.length) notes.appendChild(element("li", "note", "Nothing found about this file."));
      item.appendChild(notes);
      list.appendChild(item);
    });
    var whole = $("claim-findings");
    whole.textContent = "";
    findings.filter(function (finding) { return !fileOf(finding, files); })
      .forEach(function (finding) { whole.appendChild(findingItem(finding)); });
    if (!whole.children.length) whole.appendChild(element("li", "note", "None."));
  }

  function renderTimeline(events) {
    var list = $("timeline");
    list.textContent = "";
    events.forEach(function (event) {
      var item = element("li");
      var at = element("time", "at", Desk.when(event.at));
      at.dateTime = event.at;
      item.appendChild(at);
      item.appendChild(element("span", "event-type", Desk.words(event.type)));
      item.appendChild(element("span", "actor", "by " + event.actor));
      if (event.note) item.appendChild(element("span", "event-note", "“" + event.note + "”"));
      list.appendChild(item);
    });
  }

  /** Seller responses, appeals, recoveries and payouts: one short line each. */
  function renderMoney(claim) {
    var box = $("claim-money");
    box.textContent = "";
    var sections = [
      ["Seller's answers", claim.seller_responses, function (r) {
        return Desk.words(r.action) + " on " + Desk.when(r.responded_at) +
          (r.statement ? ": “" + r.statement + "”" : "");
      }],
      ["Appeals", claim.appeals, function (a) {
        return Desk.words(a.status) + ", filed " + Desk.when(a.filed_at) + ": “" + a.statement + "”" +
          (a.note ? " — " + a.note : "");
      }],
      ["Recoveries", claim.recoveries, function (r) {
        return Desk.words(r.kind) + " " + Desk.money(r.amount) + ", " + Desk.words(r.status);
      }],
      ["Payouts", claim.payouts, function (p) {
        return Desk.words(p.kind) + " " + Desk.money(p.amount) + " by " + p.payer + ", " +
          (p.paid_at ? "paid " + Desk.when(p.paid_at) : "not paid yet");
      }]
    ];
    sections.forEach(function (section) {
      if (!section[1] || !section[1].length) return;
      box.appendChild(element("h3", "", section[0]));
      var list = element("ul");
      section[1].forEach(function (entry) { list.appendChild(element("li", "", section[2](entry))); });
      box.appendChild(list);
    });
  }

  function renderActions(claim) {
    var actions = claim.actions || [];
    var groups = $("decision-groups");
    groups.textContent = "";
    $("decision-outcome").hidden = true;
    $("no-actions").hidden = actions.length > 0;
    $("decision-form").hidden = actions.length === 0;
    var recoveryStatuses = (claim.recoveries || []).map(function (r) { return r.status; });
    // On a seller's rejection, stepping in is one of the dispute's two answers.
    if (actions.indexOf("dispute") !== -1) {
      actions = actions.filter(function (action) { return action !== "step_in"; });
    }
    actions.forEach(function (action) {
      var group = element("div", "decision-group");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", Desk.words(action));
      (DECISIONS[action] || []).forEach(function (decision) {
        if (decision[3] && recoveryStatuses.indexOf(decision[3]) === -1) return;
        var button = element("button", "", decision[0]);
        button.type = "button";
        button.addEventListener("click", function () { decide(action, decision); });
        group.appendChild(button);
      });
      if (group.children.length) groups.appendChild(group);
    });
  }

  function outcome(text, stale) {
    $("decision-outcome").hidden = false;
    $("decision-error").textContent = text;
    $("reload-claim").hidden = !stale;
  }

  function decide(action, decision) {
    var note = $("decision-note").value.trim();
    if (!note && NOTE_REQUIRED.indexOf(action) !== -1) {
      outcome("Write a note saying why: it is kept with the decision.", false);
      $("decision-note").focus();
      return;
    }
    var body = Object.assign({ expected_status: shown.status }, decision[2]);
    if (note) body.note = note;
    var buttons = $("decision-groups").querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });
    Desk.call("POST", "/api/admin/claims/" + encodeURIComponent(reference) + "/" + decision[1], body)
      .then(function (result) {
        buttons.forEach(function (button) { button.disabled = false; });
        if (result.status === 409 && Desk.errorCode(result) === "stale_state") {
          outcome("This claim changed since you opened it. Reload it to see what it is now.", true);
          return;
        }
        if (result.status !== 200) {
          outcome(Desk.errorMessage(result, "The decision was not recorded."), false);
          return;
        }
        $("decision-note").value = "";
        load();
      }, function () {
        buttons.forEach(function (button) { button.disabled = false; });
        outcome(Desk.NOT_ANSWERING, false);
      });
  }

  $("reload-claim").addEventListener("click", load);

  Desk.views.claim = function (claimReference) {
    reference = claimReference;
    load();
  };
})();
