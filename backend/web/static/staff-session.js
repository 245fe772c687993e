/* A staff member's session on the console and the desk: signing in with a staff account
 * (POST /api/staff/sign-in), the session kept in sessionStorage (it ends with the tab), calls
 * with its token, and signing out on the server too (the token is worthless afterwards). */
(function () {
  "use strict";

  function errorMessage(result, fallback) {
    var errors = result.body && result.body.errors;
    return (errors && errors.map(function (e) { return e.message; }).join(" ")) || fallback;
  }

  /** `{session}` once signed in, else `{error}`: a sentence for the person signing in. */
  function signIn(username, password) {
    return fetch("/api/staff/sign-in", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: username, password: password })
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (response.status === 200) return { session: data };
        return {
          error: response.status === 401
            ? "That username and password do not match an active account."
            : errorMessage({ body: data }, "Signing in failed: please try again.")
        };
      });
    }, function () {
      return { error: "The claims service is not answering: please try again." };
    });
  }

  /** The session stored under `key` if it is still alive, else null. */
  function stored(key) {
    var session = null;
    try { session = JSON.parse(sessionStorage.getItem(key)); } catch (ignored) { session = null; }
    return session && session.session_token && Date.parse(session.expires_at) > Date.now()
      ? session : null;
  }

  function endOnServer(session) {
    fetch("/api/staff/sign-out", {
      method: "POST",
      headers: { Authorization: "Bearer " + session.session_token }
    }).catch(function () {});
  }

  /** `{status, body}` of one API call with the session's token; `onUnauthorized` on a 401. */
  function call(session, method, path, body, onUnauthorized) {
    var headers = { Authorization: "Bearer " + session.session_token };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (response.status === 401) onUnauthorized("Your session has ended: please sign in again.");
        return { status: response.status, body: data };
      });
    });
  }

  window.StaffSession = {
    errorMessage: errorMessage,
    signIn: signIn,
    stored: stored,
    endOnServer: endOnServer,
    call: call
  };
})();
