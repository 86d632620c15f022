// Filters over the events of a chronology page, by actor, tag and year range.
// Progressive enhancement: without this script the form stays hidden and every event is
// listed. The filter lives in the URL query (?actor=…&tag=…&from=…&to=…), so a filtered view
// can be shared and survives a reload; page links carry it to the next page.
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  if (!form) return;
  var names = ["actor", "tag", "from", "to"];
  var entries = Array.prototype.slice.call(document.querySelectorAll("article.entry"));
  var status = form.querySelector(".filter-status");
  var pageLinks = document.querySelectorAll("nav.pager a, nav.years-nav a");

  function field(name) { return form.elements.namedItem(name); }

  function read(params) {
    names.forEach(function (name) {
      var input = field(name);
      if (input && params.has(name)) input.value = params.get(name);
    });
  }

  function words(text) { return text ? text.split(" ") : []; }

  function apply() {
    var actor = field("actor") ? field("actor").value : "";
    var tag = field("tag") ? field("tag").value : "";
    var from = parseInt(field("from").value, 10);
    var to = parseInt(field("to").value, 10);
    var shown = 0;
    entries.forEach(function (entry) {
      var year = parseInt(entry.dataset.year, 10);
      var keep = (!actor || words(entry.dataset.actors).indexOf(actor) >= 0) &&
        (!tag || words(entry.dataset.tags).indexOf(tag) >= 0) &&
        (isNaN(from) || year >= from) && (isNaN(to) || year <= to);
      entry.hidden = !keep;
      if (keep) shown += 1;
    });
    document.querySelectorAll("section.year").forEach(function (section) {
      section.hidden = !section.querySelector("article.entry:not([hidden])");
    });
    var query = new URLSearchParams();
    names.forEach(function (name) {
      var input = field(name);
      if (input && input.value) query.set(name, input.value);
    });
    var search = query.toString() ? "?" + query.toString() : "";
    status.textContent = search ? status.dataset.template
      .replace("{shown}", shown).replace("{total}", entries.length) : "";
    history.replaceState(null, "", location.pathname + search + location.hash);
    pageLinks.forEach(function (link) {
      var url = new URL(link.href);
      url.search = search;
      link.href = url.toString();
    });
  }

  read(new URLSearchParams(location.search));
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
})();
