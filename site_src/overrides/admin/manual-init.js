// Loaded first on /admin/ (a file, not an inline script: the site's Content-Security-Policy
// allows no inline script).
window.CMS_MANUAL_INIT = true;
// Under `mkdocs serve` (python build.py editor) every page gets MkDocs' live-reload poller,
// and every save rebuilds the site: the editor must not reload while someone types. Its
// requests (Decap uses fetch) are not touched.
(function (open, send) {
  XMLHttpRequest.prototype.open = function (method, url) {
    this.showcaseLiveReload = String(url).indexOf("/livereload/") === 0;
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!this.showcaseLiveReload) return send.apply(this, arguments);
  };
})(XMLHttpRequest.prototype.open, XMLHttpRequest.prototype.send);
