(function () {
  "use strict";
  var findings = JSON.parse(document.getElementById("findings-data").textContent);
  var byId = {};
  findings.forEach(function (f) { byId[f.id] = f; });
  var tip = document.getElementById("tip");
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.f"));
  var items = Array.prototype.slice.call(document.querySelectorAll("#findings li[data-id]"));
  var form = document.querySelector(".filters");
  var visible = {};
  var current = -1;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function row(list, term, value) {
    if (value === undefined || value === null || value === "") return;
    list.appendChild(el("dt", term));
    list.appendChild(el("dd", value));
  }

  function describe(finding) {
    var box = el("div", null, "finding");
    box.appendChild(el("h3", finding.code + " " + finding.name));
    var list = el("dl");
    row(list, "Severity", finding.severity + " (confidence " + finding.confidence.toFixed(2) + ")");
    row(list, "Category", finding.category);
    row(list, "Message", finding.message);
    row(list, "Suggestion", finding.suggestion);
    finding.evidence.forEach(function (e) {
      var value = typeof e.value === "string" ? e.value : JSON.stringify(e.value);
      row(list, "Evidence: " + e.signal, e.detail ? value + " (" + e.detail + ")" : value);
    });
    var r = finding.sentence_retranslation;
    if (r) {
      row(list, "Re-translation", r.back);
      row(list, "Sentence scores", "chrF++ " + r.scores["chrF++"] + ", BLEU " + r.scores.BLEU +
          (r.scores.TER === null ? "" : ", TER " + r.scores.TER) + ", garble " + r.garble.toFixed(2));
    }
    box.appendChild(list);
    return box;
  }

  function show(mark) {
    tip.replaceChildren();
    mark.dataset.findings.split(" ").forEach(function (id) {
      if (visible[id] !== false) tip.appendChild(describe(byId[id]));
    });
    if (!tip.childNodes.length) return;
    tip.hidden = false;
    var box = mark.getBoundingClientRect();
    var left = Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(8, left) + "px";
    tip.style.top = (window.scrollY + box.bottom + 6) + "px";
  }

  function hide() { tip.hidden = true; }

  function select(id) {
    var mark = document.getElementById("f" + id);
    if (!mark) return;
    marks.forEach(function (m) { m.classList.remove("current"); });
    mark.classList.add("current");
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
    current = findings.findIndex(function (f) { return String(f.id) === String(id); });
  }

  function applyFilters() {
    var severities = Array.prototype.slice.call(form.querySelectorAll("input[name=severity]:checked"))
      .map(function (input) { return input.value; });
    var category = form.querySelector("select[name=category]").value;
    findings.forEach(function (f) {
      visible[f.id] = severities.indexOf(f.severity) >= 0 && (!category || f.category === category);
    });
    items.forEach(function (li) { li.hidden = !visible[li.dataset.id]; });
    marks.forEach(function (m) {
      var shown = m.dataset.findings.split(" ").some(function (id) { return visible[id]; });
      m.classList.toggle("filtered", !shown);
    });
    hide();
  }

  function step(direction) {
    var order = findings.filter(function (f) { return visible[f.id] !== false; });
    if (!order.length) return;
    var position = order.findIndex(function (f) { return findings.indexOf(f) === current; });
    var next = position < 0 ? (direction > 0 ? 0 : order.length - 1) : (position + direction + order.length) % order.length;
    select(order[next].id);
  }

  marks.forEach(function (mark) {
    mark.addEventListener("mouseenter", function () { show(mark); });
    mark.addEventListener("mouseleave", hide);
    mark.addEventListener("focus", function () { show(mark); });
    mark.addEventListener("blur", hide);
  });
  items.forEach(function (li) {
    li.querySelector("button").addEventListener("click", function () { select(li.dataset.id); });
  });
  if (form) {
    form.addEventListener("change", applyFilters);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }
  document.addEventListener("keydown", function (event) {
    var tag = event.target.tagName;
    if (event.key === "Escape") { hide(); return; }
    if (tag === "INPUT" || tag === "SELECT" || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "n" || event.key === "j") { step(1); event.preventDefault(); }
    if (event.key === "p" || event.key === "k") { step(-1); event.preventDefault(); }
  });
  if (form) applyFilters();
})();
