/* The desk's queue (GET /api/desk/queue: overdue first, then oldest), failed messages retried or
 * dropped there, and the search over every claim (GET /api/admin/claims). */
(function () {
  "use strict";

  var Desk = window.Desk;
  var $ = Desk.$;
  var element = Desk.element;
  var KINDS = {
    review: "Review",
    dispute: "Dispute",
    appeal: "Seller's appeal",
    held_recovery: "Held recovery",
    failed_message: "Failed message"
  };
  var SEARCH_FIELDS = ["status", "seller_id", "order_id", "customer_email", "filed_after", "filed_before"];

  function loadQueue() {
    Desk.load("/api/desk/queue", $("queue-error"), "The queue could not be loaded.",
      function (body) { renderQueue(body.items || []); });
  }

  function dueBadge(item) {
    if (item.overdue) return element("span", "badge urgent", "overdue");
    if (item.due) return element("span", "badge", "due " + Desk.day(item.due));
    return null;
  }

  function renderQueue(items) {
    var list = $("desk-queue");
    list.textContent = "";
    $("queue-empty").hidden = items.length > 0;
    items.forEach(function (item) {
      var entry = element("li", "desk-item" + (item.overdue ? " overdue" : ""));
      entry.dataset.kind = item.kind;
      var head = element("span", "reason");
      head.appendChild(element("span", "kind", KINDS[item.kind] || Desk.words(item.kind)));
      if (item.reference) {
        head.appendChild(document.createTextNode(" "));
        head.appendChild(Desk.claimLink(item.reference));
      }
      var badge = dueBadge(item);
      if (badge) head.appendChild(badge);
      entry.appendChild(head);

      var detail = [
        item.status ? Desk.words(item.status) : null,
        item.seller_id ? "seller " + item.seller_id : null,
        item.claimed_total ? Desk.money(item.claimed_total) : null,
        "waiting since " + Desk.when(item.waiting_since)
      ].filter(Boolean).join(" · ");
      entry.appendChild(element("span", "detail", detail));
      if (item.summary) entry.appendChild(element("span", "detail", item.summary));
      if (item.kind === "failed_message" && Desk.isAdmin()) entry.appendChild(messageButtons(item));
      list.appendChild(entry);
    });
  }

  /** Retry or drop a failed outbox message; the queue reloads either way. */
  function messageButtons(item) {
    var buttons = element("div", "inline-buttons");
    var error = element("p", "error");
    error.setAttribute("role", "alert");
    error.hidden = true;
    [["retry", "Retry"], ["drop", "Drop"]].forEach(function (pair) {
      var button = element("button", pair[0] === "drop" ? "secondary" : "", pair[1]);
      button.type = "button";
      button.setAttribute("aria-label", pair[1] + " message " + item.outbox_id);
      button.addEventListener("click", function () {
        Desk.call("POST", "/api/admin/outbox/" + item.outbox_id + "/" + pair[0], {})
          .then(function (result) {
            if (result.status !== 200) {
              Desk.show(error, Desk.errorMessage(result, "That did not work."));
              return;
            }
            loadQueue();
          }, function () { Desk.show(error, Desk.NOT_ANSWERING); });
      });
      buttons.appendChild(button);
    });
    buttons.appendChild(error);
    return buttons;
  }

  $("search").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var query = new URLSearchParams();
    SEARCH_FIELDS.forEach(function (name) {
      var value = form.elements.namedItem(name).value.trim();
      if (value) query.set(name, value);
    });
    Desk.load("/api/admin/claims?" + query.toString(), $("search-error"), "The search failed.",
      function (body) { renderResults(body.claims || []); });
  });

  function renderResults(claims) {
    var body = $("search-results").querySelector("tbody");
    body.textContent = "";
    Desk.show($("search-count"), claims.length === 1 ? "1 claim" : claims.length + " claims");
    $("search-results").hidden = claims.length === 0;
    claims.forEach(function (claim) {
      var row = document.createElement("tr");
      var reference = document.createElement("td");
      reference.appendChild(Desk.claimLink(claim.reference));
      row.appendChild(reference);
      [
        Desk.words(claim.status), Desk.day(claim.filed_at || claim.created_at), claim.seller_id,
        claim.order_id, claim.customer_email, Desk.money(claim.claimed_total)
      ].forEach(function (text) { row.appendChild(element("td", "", text || "")); });
      body.appendChild(row);
    });
  }

  Desk.views.queue = loadQueue;
})();
