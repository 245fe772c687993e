/* Partner insurers' quotes on the seller portal's insurance view: a seller required to insure, or
 * within 20 % of the threshold, asks every partner at once (POST /api/seller/insurance/quotes),
 * sees the offers side by side, and chooses one (POST .../quotes/{id}/accept), which becomes a
 * pending policy the marketplace verifies. */
(function () {
  "use strict";

  var Portal = window.SellerPortal;
  var $ = function (id) { return document.getElementById(id); };
  var QUOTES = "/api/seller/insurance/quotes";
  var STATUS = { expired: "Expired: ask again for a fresh quote" };

  function load() {
    Portal.call("GET", QUOTES).then(function (result) {
      if (result.status !== 200) {
        Portal.show($("quotes-error"), Portal.errorMessage(result, "Your quotes could not be loaded."));
        return;
      }
      Portal.show($("quotes-error"), "");
      render(result.body);
    }, function () { Portal.show($("quotes-error"), Portal.NOT_ANSWERING); });
  }

  function render(quotes) {
    var offers = quotes.offers || [];
    $("quotes").hidden = !quotes.eligible && !offers.length;
    $("quotes-reason").textContent = quotes.reason;
    $("get-quotes").hidden = !quotes.eligible;
    Portal.show($("quotes-asked"), quotes.requested_at
      ? (offers.length ? "Offers of " : "No partner insurer made an offer when you asked on ") +
        Portal.when(quotes.requested_at) + (offers.length ? ", cheapest first." : ".")
      : "");
    var chosen = offers.some(function (offer) { return offer.status === "accepted"; });
    var list = $("offers");
    list.textContent = "";
    offers.forEach(function (offer) { list.appendChild(offerCard(offer, !chosen)); });
    var missing = quotes.unavailable || [];
    Portal.show($("quotes-unavailable"), missing.length
      ? "No usable quote this time from: " + missing.join(", ") + "." : "");
  }

  /** One offer: who, what it costs, what it covers, and a way to choose it while it is open. */
  function offerCard(offer, choosable) {
    var card = document.createElement("li");
    card.className = "offer " + offer.status;
    card.dataset.quoteId = offer.quote_id;
    var name = document.createElement("h3");
    name.textContent = offer.insurer_name;
    var premium = document.createElement("p");
    premium.className = "premium";
    premium.textContent = Portal.money(offer.premium_annual) + " a year";
    var facts = document.createElement("dl");
    facts.className = "facts";
    Portal.definitions(facts, [
      ["Cover per occurrence", Portal.money(offer.per_occurrence_limit)],
      ["Cover in total (aggregate)", Portal.money(offer.aggregate_limit)],
      ["Deductible", Portal.money(offer.deductible)],
      ["Offer valid until", Portal.when(offer.valid_until)]
    ]);
    card.append(name, premium, facts);
    card.appendChild(terms(offer.terms_url));
    if (offer.status === "accepted") {
      card.appendChild(note("Chosen: policy " + offer.policy_number +
        ", pending until the marketplace verifies it."));
    } else if (offer.status === "open" && choosable) {
      var choose = document.createElement("button");
      choose.type = "button";
      choose.textContent = "Choose";
      choose.setAttribute("aria-label", "Choose the offer of " + offer.insurer_name);
      choose.addEventListener("click", function () { accept(offer, choose); });
      card.appendChild(choose);
    } else if (STATUS[offer.status]) {
      card.appendChild(note(STATUS[offer.status]));
    }
    return card;
  }

  /** The insurer's terms: a link only to a web page (an insurer's answer is not trusted). */
  function terms(url) {
    if (!/^https?:\/\//i.test(url || "")) return note("Terms: ask the insurer.");
    var link = document.createElement("a");
    link.href = url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.textContent = "The insurer's terms";
    return link;
  }

  function note(text) {
    var paragraph = document.createElement("p");
    paragraph.className = "note";
    paragraph.textContent = text;
    return paragraph;
  }

  $("get-quotes").addEventListener("click", function () {
    var button = $("get-quotes");
    button.disabled = true;
    Portal.show($("quotes-error"), "");
    Portal.show($("quote-chosen"), "");
    Portal.call("POST", QUOTES).then(function (result) {
      if (result.status !== 201) {
        Portal.show($("quotes-error"), Portal.errorMessage(result, "No quotes this time: please try again."));
        return;
      }
      render(result.body);
    }, function () { Portal.show($("quotes-error"), Portal.NOT_ANSWERING); })
      .then(function () { button.disabled = false; });
  });

  function accept(offer, button) {
    button.disabled = true;
    Portal.show($("quotes-error"), "");
    Portal.call("POST", QUOTES + "/" + encodeURIComponent(offer.quote_id) + "/accept")
      .then(function (result) {
        if (result.status !== 201) {
          button.disabled = false;
          Portal.show($("quotes-error"), Portal.errorMessage(result, "That offer could not be chosen."));
          return;
        }
        Portal.loadInsurance();  // the status and the policies on file, the new one among them
        Portal.show($("quote-chosen"), "You chose " + offer.insurer_name + "'s offer: policy " +
          result.body.offer.policy_number + " is pending until the marketplace verifies it " +
          "with the insurer.");
        load();
      }, function () {
        button.disabled = false;
        Portal.show($("quotes-error"), Portal.NOT_ANSWERING);
      });
  }

  Portal.whenShown("insurance-view", load);
})();
