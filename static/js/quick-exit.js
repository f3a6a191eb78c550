// The quick-exit link works as a plain link without JavaScript. With it, the current page is replaced in the
// history, so the back button does not lead back here; Escape pressed twice also leaves.
(function () {
  "use strict";
  function leave(url) {
    document.body.hidden = true;
    window.location.replace(url);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    leave(link.href);
  });
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var link = document.querySelector("a[data-quick-exit]");
    var now = Date.now();
    if (link && now - lastEscape < 800) leave(link.href);
    lastEscape = now;
  });
})();
