// newsgate report: paging, filtering and the fact matrix. Data is only ever written with textContent.
(function () {
  "use strict";

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function button(label, disabled, action) {
    var b = el("button", "", label);
    b.type = "button";
    b.disabled = disabled;
    b.addEventListener("click", action);
    return b;
  }

  // A pager shows `size` of a list's items (class "pi") that no filter hides.
  function Pager(list) {
    this.list = list;
    this.size = parseInt(list.getAttribute("data-pager"), 10) || 20;
    this.page = 0;
    this.nav = el("div", "pager");
    list.parentNode.insertBefore(this.nav, list.nextSibling);
  }
  Pager.prototype.items = function () {
    return Array.prototype.filter.call(this.list.children, function (n) { return n.classList.contains("pi"); });
  };
  Pager.prototype.visible = function () {
    return this.items().filter(function (n) { return !n.classList.contains("filtered"); });
  };
  Pager.prototype.render = function () {
    var self = this, shown = this.visible(), pages = Math.max(1, Math.ceil(shown.length / this.size));
    this.page = Math.min(this.page, pages - 1);
    var from = this.page * this.size, to = from + this.size;
    shown.forEach(function (n, i) { n.hidden = i < from || i >= to; });
    this.nav.textContent = "";
    if (pages < 2) { return; }
    this.nav.appendChild(button("‹ previous", this.page === 0, function () { self.page -= 1; self.render(); }));
    this.nav.appendChild(el("span", "", "page " + (this.page + 1) + " of " + pages + " (" + shown.length + " items)"));
    this.nav.appendChild(button("next ›", this.page >= pages - 1, function () { self.page += 1; self.render(); }));
  };
  Pager.prototype.reveal = function (item) {
    item.classList.remove("filtered");
    this.page = Math.floor(this.visible().indexOf(item) / this.size);
    this.render();
  };

  var pagers = all("[data-pager]").map(function (list) { var p = new Pager(list); p.render(); return p; });

  function pagersIn(area) {
    return pagers.filter(function (p) { return area.contains(p.list); });
  }

  // Text filters: an input with data-filter="x" filters the items of the area data-area="x".
  function applyFilter(name) {
    var input = document.querySelector("[data-filter='" + name + "']");
    var area = document.querySelector("[data-area='" + name + "']");
    if (!input || !area) { return; }
    var query = input.value.trim().toLowerCase();
    var openOnly = name === "articles" && document.getElementById("art-open").checked;
    pagersIn(area).forEach(function (p) {
      p.items().forEach(function (n) {
        var hit = !query || n.textContent.toLowerCase().indexOf(query) >= 0;
        if (openOnly && n.getAttribute("data-open") === "0") { hit = false; }
        n.classList.toggle("filtered", !hit);
      });
      p.page = 0;
      p.render();
    });
  }
  all("[data-filter]").forEach(function (input) {
    input.addEventListener("input", function () { applyFilter(input.getAttribute("data-filter")); });
  });
  var openBox = document.getElementById("art-open");
  if (openBox) { openBox.addEventListener("change", function () { applyFilter("articles"); }); }

  // Links to an article (#art-N) turn to the page that holds it.
  function revealTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    pagers.forEach(function (p) { if (target.parentNode === p.list) { p.reveal(target); } });
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", revealTarget);
  revealTarget();

  // The fact matrix: rows are claims, columns the articles that state one of the rows shown.
  var data = JSON.parse(document.getElementById("matrix-data").textContent);
  var ROWS = 25, COLS = 8;
  var state = { query: "", kind: "", odd: false, rowPage: 0, colPage: 0 };

  function matches(claim) {
    if (state.kind && claim.kind !== state.kind) { return false; }
    if (state.odd && !claim.odd) { return false; }
    if (!state.query) { return true; }
    var hay = claim.label;
    Object.keys(claim.cells).forEach(function (k) {
      claim.cells[k].forEach(function (v) { hay += "\n" + v[0]; });
      hay += "\n" + data.articles[+k];
    });
    return hay.toLowerCase().indexOf(state.query) >= 0;
  }

  function pageNav(label, page, pages, go) {
    var nav = el("div", "pager");
    if (pages < 2) { return nav; }
    nav.appendChild(button("‹", page === 0, function () { go(page - 1); }));
    nav.appendChild(el("span", "", label + " " + (page + 1) + " of " + pages));
    nav.appendChild(button("›", page >= pages - 1, function () { go(page + 1); }));
    return nav;
  }

  function drawMatrix() {
    var box = document.getElementById("mx");
    box.textContent = "";
    var rows = data.claims.filter(matches);
    var rowPages = Math.max(1, Math.ceil(rows.length / ROWS));
    state.rowPage = Math.min(state.rowPage, rowPages - 1);
    rows = rows.slice(state.rowPage * ROWS, state.rowPage * ROWS + ROWS);
    var seen = {};
    rows.forEach(function (c) { Object.keys(c.cells).forEach(function (k) { seen[k] = true; }); });
    var cols = Object.keys(seen).map(Number).sort(function (a, b) { return a - b; });
    var colPages = Math.max(1, Math.ceil(cols.length / COLS));
    state.colPage = Math.min(state.colPage, colPages - 1);
    cols = cols.slice(state.colPage * COLS, state.colPage * COLS + COLS);
    var odd = data.claims.filter(function (c) { return c.odd; }).length;
    box.appendChild(el("p", "hint", data.claims.length + " claims, " + odd + " with disagreeing cells"));
    if (!rows.length) { box.appendChild(el("p", "none", "No claim matches.")); return; }
    var table = el("table", "mx"), head = el("tr");
    head.appendChild(el("th", "", "claim"));
    cols.forEach(function (k) {
      var th = el("th"), a = el("a", "", data.articles[k]);
      a.href = "#art-" + k;
      th.appendChild(a);
      head.appendChild(th);
    });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    rows.forEach(function (c) {
      var tr = el("tr"), th = el("th", "claim " + c.kind, c.label);
      th.appendChild(el("span", "kind", c.kind + ", " + c.articles + " articles"));
      tr.appendChild(th);
      cols.forEach(function (k) {
        var values = c.cells[k] || [];
        var td = el("td", values.length ? "" : "empty", values.length ? null : "—");
        values.forEach(function (v) { td.appendChild(el("div", "", v[0])); });
        if (values.some(function (v) { return v[1]; })) {
          td.className = "odd";
          td.title = "disagrees with the other articles";
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    var scroll = el("div", "mx-scroll");
    scroll.appendChild(table);
    box.appendChild(pageNav("articles", state.colPage, colPages, function (p) { state.colPage = p; drawMatrix(); }));
    box.appendChild(scroll);
    box.appendChild(pageNav("claims page", state.rowPage, rowPages, function (p) { state.rowPage = p; drawMatrix(); }));
  }

  function onMatrixControl() {
    state.query = document.getElementById("mx-filter").value.trim().toLowerCase();
    state.kind = document.getElementById("mx-kind").value;
    state.odd = document.getElementById("mx-odd").checked;
    state.rowPage = 0;
    state.colPage = 0;
    drawMatrix();
  }
  ["mx-filter", "mx-kind", "mx-odd"].forEach(function (id) {
    var node = document.getElementById(id);
    node.addEventListener(id === "mx-filter" ? "input" : "change", onMatrixControl);
  });
  drawMatrix();
}());
