/* The desk's start: which view this address shows (/desk, /desk/claims/{reference},
 * /desk/sellers), shown once someone is signed in. */
(function () {
  "use strict";

  var Desk = window.Desk;
  var path = window.location.pathname.replace(/\/+$/, "");
  var claim = /^\/desk\/claims\/([^/]+)$/.exec(path);
  var name = claim ? "claim" : path === "/desk/sellers" ? "sellers" : "queue";

  function open(session) {
    Desk.begin(session);
    document.querySelectorAll("#desk-nav a").forEach(function (link) {
      if (link.dataset.view === name) link.setAttribute("aria-current", "page");
    });
    Desk.$(name + "-view").hidden = false;
    Desk.views[name](claim ? decodeURIComponent(claim[1]) : undefined);
  }

  Desk.signIn(open);
  var stored = Desk.storedSession();
  if (stored) open(stored);
  else Desk.$("sign-in-section").hidden = false;
})();
