/* Every seller's insurance on the desk (GET /api/desk/sellers: overdue first): each policy with
 * its proof file to look at, and for an admin verify / reject on a pending one (POST
 * /api/admin/sellers/{id}/insurance/{policy_number}/verification). */
(function () {
  "use strict";

  var Desk = window.Desk;
  var $ = Desk.$;
  var element = Desk.element;

  function load() {
    Desk.load("/api/desk/sellers", $("sellers-error"), "The sellers could not be loaded.",
      function (body) { render(body.sellers || []); });
  }

  function standing(seller) {
    if (seller.overdue) return ["badge urgent", "proof overdue"];
    if (seller.required && !seller.compliant) return ["badge urgent", "insurance required"];
    if (seller.compliant) return ["badge", "insured"];
    return ["badge", "not required"];
  }

  function render(sellers) {
    var list = $("sellers");
    list.textContent = "";
    sellers.forEach(function (seller) {
      var item = element("li", "card seller");
      item.dataset.sellerId = seller.seller_id;
      var title = element("h3", "", seller.name + " (" + seller.seller_id + ")");
      var badge = standing(seller);
      title.appendChild(element("span", badge[0], badge[1]));
      item.appendChild(title);
      var lines = [
        seller.reason ? Desk.words(seller.reason) : null,
        seller.proof_due ? "proof due " + Desk.day(seller.proof_due) : null
      ].filter(Boolean).join(" · ");
      if (lines) item.appendChild(element("p", "note", lines));
      var policies = element("ul", "policies");
      policies.setAttribute("aria-label", "Policies of " + seller.name);
      (seller.policies || []).forEach(function (policy) {
        policies.appendChild(policyItem(seller, policy));
      });
      if (!policies.children.length) policies.appendChild(element("li", "note", "No policy on file."));
      item.appendChild(policies);
      list.appendChild(item);
    });
  }

  function policyItem(seller, policy) {
    var item = element("li", "policy");
    item.appendChild(element("span", "", policy.policy_number + " · " + policy.insurer + " · " +
      Desk.money(policy.coverage_per_occurrence) + " per occurrence · " +
      (policy.valid_from || "?") + " to " + (policy.valid_until || "?") + " · "));
    item.appendChild(element("span", "badge" + (policy.status === "pending" ? " urgent" : ""),
      Desk.words(policy.status)));
    var tools = element("div", "inline-buttons");
    var error = element("p", "error");
    error.setAttribute("role", "alert");
    error.hidden = true;
    if (policy.proof_evidence_id) {
      var view = element("button", "secondary", "View proof " + policy.proof_evidence_id);
      view.type = "button";
      view.addEventListener("click", function () {
        view.remove();
        item.appendChild(Desk.fileView("/api/evidence/" + encodeURIComponent(policy.proof_evidence_id),
          "proof of policy " + policy.policy_number));
      });
      tools.appendChild(view);
    }
    if (policy.status === "pending" && Desk.isAdmin()) {
      [["verify", "Verify"], ["reject", "Reject"]].forEach(function (pair) {
        var button = element("button", pair[0] === "reject" ? "secondary" : "", pair[1]);
        button.type = "button";
        button.setAttribute("aria-label", pair[1] + " policy " + policy.policy_number);
        button.addEventListener("click", function () {
          Desk.call("POST", "/api/admin/sellers/" + encodeURIComponent(seller.seller_id) +
            "/insurance/" + encodeURIComponent(policy.policy_number) + "/verification",
          { decision: pair[0] }).then(function (result) {
            if (result.status !== 200) {
              Desk.show(error, Desk.errorMessage(result, "The decision was not recorded."));
              return;
            }
            load();
          }, function () { Desk.show(error, Desk.NOT_ANSWERING); });
        });
        tools.appendChild(button);
      });
    }
    item.append(tools, error);
    return item;
  }

  Desk.views.sellers = load;
})();
