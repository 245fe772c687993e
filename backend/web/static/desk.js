/* The claims desk's common ground: the staff session, calls to the API, opening evidence files,
 * and small helpers the desk's views (desk-queue.js, desk-claim.js, desk-sellers.js) share.
 *
 * The staff session (staff-session.js) is kept in the tab across the desk's pages.
 */
(function () {
  "use strict";

  var SESSION_KEY = "claimsDesk.session";
  var $ = function (id) { return document.getElementById(id); };
  var session = null;
  var blobUrls = [];

  function show(element, text) {
    element.textContent = text || "";
    element.hidden = !text;
  }

  function errorCode(result) {
    var errors = result.body && result.body.errors;
    return errors && errors.length ? errors[0].code : null;
  }

  function call(method, path, body) {
    return StaffSession.call(session, method, path, body, signOut);
  }

  /** GET `path` and hand its body to `onLoaded`; a failure is shown in `errorElement`. */
  function load(path, errorElement, failure, onLoaded) {
    call("GET", path).then(function (result) {
      if (result.status !== 200) {
        show(errorElement, StaffSession.errorMessage(result, failure));
        return;
      }
      show(errorElement, "");
      onLoaded(result.body);
    }, function () {
      show(errorElement, window.Desk.NOT_ANSWERING);
    });
  }

  /** A blob: URL of an evidence file and its type, fetched with the session's token (the file's
   * address needs the token, so the page never links it). Rejects with a sentence on failure. */
  function evidenceBlob(path) {
    return fetch(path, { headers: { Authorization: "Bearer " + session.session_token } })
      .then(function (response) {
        if (response.status === 410) throw new Error("The file was deleted under the retention rule.");
        if (response.status !== 200) throw new Error("The file could not be opened.");
        return response.blob();
      }).then(function (blob) {
        var url = URL.createObjectURL(blob);
        blobUrls.push(url);
        return { url: url, type: blob.type };
      });
  }

  /** An evidence file looked at: a picture shown inline, a PDF as a link opening it in a new
   * tab, both from a blob. `label` names it ("Photo EV-…"). */
  function fileView(path, label) {
    var holder = element("div", "evidence-view");
    var status = element("p", "note", "Loading…");
    holder.appendChild(status);
    evidenceBlob(path).then(function (file) {
      status.remove();
      if (file.type.indexOf("image/") === 0) {
        var image = element("img", "evidence-image");
        image.alt = label;
        image.src = file.url;
        holder.appendChild(image);
      } else {
        var link = element("a", "button secondary", "Open " + label + " in a new tab");
        link.href = file.url;
        link.target = "_blank";
        link.rel = "noopener";
        holder.appendChild(link);
      }
    }, function (error) {
      status.textContent = error.message;
      status.className = "error";
    });
    return holder;
  }

  /** A new element with a class and text. */
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function words(code) {
    return String(code || "").replace(/_/g, " ");
  }

  function when(timestamp) {
    return timestamp ? new Date(timestamp).toLocaleString() : "";
  }

  function day(timestamp) {
    return timestamp ? new Date(timestamp).toLocaleDateString() : "";
  }

  /** "$1,000,000.00" from the API's "1000000.00". */
  function money(amount) {
    if (amount === null || amount === undefined) return "";
    var parts = String(amount).split(".");
    return "$" + parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (parts[1] ? "." + parts[1] : "");
  }

  function claimLink(reference) {
    var link = element("a", "claim-link", reference);
    link.href = "/desk/claims/" + encodeURIComponent(reference);
    return link;
  }

  /* ---- signing in and out -------------------------------------------------------------- */

  function signOut(reason) {
    sessionStorage.removeItem(SESSION_KEY);
    blobUrls.forEach(function (url) { URL.revokeObjectURL(url); });
    blobUrls = [];
    session = null;
    $("desk").hidden = true;
    $("whoami").hidden = true;
    $("desk-nav").hidden = true;
    $("sign-in-section").hidden = false;
    show($("sign-in-error"), reason);
  }

  $("sign-out").addEventListener("click", function () {
    if (session) StaffSession.endOnServer(session);
    signOut("");
  });

  /** Sign in with the form; `onSignedIn(session)` for an expert or an admin. */
  function signIn(onSignedIn) {
    $("sign-in").addEventListener("submit", function (event) {
      event.preventDefault();
      show($("sign-in-error"), "");
      StaffSession.signIn($("staff-username").value.trim(), $("staff-password").value)
        .then(function (result) {
          $("staff-password").value = "";
          if (result.error) {
            show($("sign-in-error"), result.error);
            return;
          }
          if (result.session.role === "agent") {
            StaffSession.endOnServer(result.session);
            show($("sign-in-error"),
              "The desk is for fraud experts and admins: agents work on the console at /agent.");
            return;
          }
          sessionStorage.setItem(SESSION_KEY, JSON.stringify(result.session));
          onSignedIn(result.session);
        });
    });
  }

  function begin(signedIn) {
    session = signedIn;
    $("staff-name").textContent = signedIn.name;
    $("staff-role").textContent = signedIn.role;
    $("whoami").hidden = false;
    $("desk-nav").hidden = false;
    $("sign-in-section").hidden = true;
    $("desk").hidden = false;
  }

  window.Desk = {
    $: $,
    show: show,
    errorMessage: StaffSession.errorMessage,
    errorCode: errorCode,
    call: call,
    load: load,
    fileView: fileView,
    element: element,
    words: words,
    when: when,
    day: day,
    money: money,
    claimLink: claimLink,
    signIn: signIn,
    storedSession: function () { return StaffSession.stored(SESSION_KEY); },
    begin: begin,
    isAdmin: function () { return Boolean(session) && session.role === "admin"; },
    NOT_ANSWERING: "The claims service is not answering: please try again.",
    views: {}
  };
})();
