// Quick exit: the button, or Shift pressed three times in a row (nothing else pressed in
// between, within two seconds — so typing capitals never triggers it), leaves for a
// neutral site at once (replacing this page in history) and ends the session in the
// background. Without JavaScript the button is an ordinary form that does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-quick-exit]");
  if (!form) { return; }
  var target = form.getAttribute("data-quick-exit");
  var presses = [];

  function leave() {
    try {
      var data = new FormData(form);
      if (!(navigator.sendBeacon && navigator.sendBeacon(form.action, data))) {
        fetch(form.action, { method: "POST", body: data, credentials: "same-origin", keepalive: true });
      }
    } catch (e) { /* leaving matters more than logging out from here */ }
    document.body.hidden = true;
    window.location.replace(target);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    leave();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") { presses = []; return; }
    if (event.repeat) { return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 2000; });
    presses.push(now);
    if (presses.length >= 3) { presses = []; leave(); }
  });
})();
