// The live notification count (ADR 38): with JavaScript on, the header's "Notifications (n)"
// follows the server-sent events of /api/v1/notifications/stream. Without JavaScript, or
// without EventSource, the link stays as the server wrote it.
(function () {
  "use strict";
  var link = document.querySelector("[data-live-count]");
  if (!link || typeof EventSource === "undefined") return;
  var lang = document.documentElement.lang || undefined;
  var format = function (n) {
    try {
      return new Intl.NumberFormat(lang).format(n);
    } catch (e) {
      return String(n);
    }
  };
  var show = function (unread) {
    var label =
      unread <= 0 ? link.getAttribute("data-label-none") : unread > 99 ? link.getAttribute("data-label-many") : (link.getAttribute("data-label-some") || "").replace("__COUNT__", format(unread));
    if (label && link.textContent !== label) link.textContent = label;
  };
  var source = new EventSource(link.getAttribute("data-live-count"));
  source.onmessage = function (event) {
    try {
      var data = JSON.parse(event.data);
      if (typeof data.unread === "number") show(data.unread);
    } catch (e) {
      // A message not understood changes nothing.
    }
  };
  // Leaving the page closes the stream, so the server stops counting for it.
  window.addEventListener("pagehide", function () {
    source.close();
  });
})();
