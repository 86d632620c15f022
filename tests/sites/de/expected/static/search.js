// The search page: asks the Pagefind index (written by `chronicle build`) and lists the
// results as links to event and source pages. The index is fetched piece by piece from the
// site itself, so search works from static files, under any sub-path.
(function () {
  "use strict";
  var form = document.querySelector("form.search-page");
  if (!form) return;
  var input = form.elements.namedItem("q");
  var status = document.querySelector(".search-status");
  var list = document.querySelector(".search-results");
  var root = new URL(form.dataset.root, location.href).pathname;
  var loading = null;
  var asked = 0;

  function index() {
    if (!loading) {
      loading = import(new URL(form.dataset.index, location.href).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: root }).then(function () { return pagefind; });
      });
    }
    return loading;
  }

  // Pagefind's excerpt is escaped text with <mark> around the words found: rebuild it as
  // nodes, never as markup, so nothing in an indexed page can become live here.
  function excerpt(text) {
    var paragraph = document.createElement("p");
    var marked = false;
    text.split(/(<\/?mark>)/).forEach(function (part) {
      if (part === "<mark>" || part === "</mark>") { marked = part === "<mark>"; return; }
      var plain = new DOMParser().parseFromString(part, "text/html").body.textContent;
      var node = marked ? document.createElement("mark") : document.createTextNode(plain);
      if (marked) node.textContent = plain;
      paragraph.appendChild(node);
    });
    return paragraph;
  }

  function show(results, number) {
    if (number !== asked) return;  // a newer query has been asked meanwhile
    list.textContent = "";
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = (result.meta && result.meta.title) || result.url;
      item.appendChild(link);
      item.appendChild(excerpt(result.excerpt || ""));
      list.appendChild(item);
    });
    var count = results.length;
    status.textContent = count === 0 ? status.dataset.none :
      count === 1 ? status.dataset.one : status.dataset.some.replace("{n}", count);
  }

  function run() {
    var query = input.value.trim();
    var number = ++asked;
    // spelled as the search form submits it (spaces as '+'), so the address does not change
    history.replaceState(null, "", location.pathname +
      (query ? "?" + new URLSearchParams({ q: query }).toString() : ""));
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    index().then(function (pagefind) {
      return pagefind.debouncedSearch(query, {}, 150);
    }).then(function (search) {
      if (search === null) return null;  // superseded by a later keystroke
      return Promise.all(search.results.slice(0, 30).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (results) show(results, number);
    }).catch(function () {
      status.textContent = status.dataset.failed;
    });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  input.addEventListener("input", run);
  input.value = new URLSearchParams(location.search).get("q") || "";
  if (input.value) run();
})();
