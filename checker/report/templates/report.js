(function () {
  "use strict";
  var findings = JSON.parse(document.getElementById("findings-data").textContent);
  var rules = {};
  JSON.parse(document.getElementById("rules-data").textContent).forEach(function (r) { rules[r.code] = r; });
  var acceptedName = JSON.parse(document.getElementById("article-data").textContent).accepted_name;
  var dismissed = {};
  var exportButton = document.getElementById("export");
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
    // Plain language first: what the rule flags, what is wrong here, the fix; the numbers behind a toggle.
    var box = el("div", null, "finding");
    var rule = rules[finding.code];
    box.appendChild(el("h3", rule ? rule.summary : finding.name));
    box.appendChild(el("p", finding.message));
    if (finding.suggestion) box.appendChild(el("p", "Suggested: " + finding.suggestion, "suggestion"));
    var more = el("details");
    more.appendChild(el("summary", "Details"));
    var list = el("dl");
    row(list, "Rule", finding.code + " " + finding.name + ", " + finding.severity);
    row(list, "Where", "line " + finding.line + ", column " + finding.column);
    row(list, "Confidence", finding.confidence.toFixed(2));
    row(list, "Category", finding.category);
    finding.evidence.forEach(function (e) {
      var value = typeof e.value === "string" ? e.value : JSON.stringify(e.value);
      row(list, e.signal, e.detail ? value + " (" + e.detail + ")" : value);
    });
    var r = finding.sentence_retranslation;
    if (r) {
      row(list, "Re-translation", r.back);
      row(list, "Sentence scores", "chrF++ " + r.scores["chrF++"] + ", BLEU " + r.scores.BLEU +
          (r.scores.TER === null ? "" : ", TER " + r.scores.TER) + ", garble " + r.garble.toFixed(2));
    }
    more.appendChild(list);
    box.appendChild(more);
    return box;
  }

  var hideTimer = null;

  function show(mark) {
    clearTimeout(hideTimer);
    tip.replaceChildren();
    mark.dataset.findings.split(" ").forEach(function (id) {
      if (visible[id] !== false) tip.appendChild(describe(byId[id]));
    });
    if (!tip.childNodes.length) return;
    tip.hidden = false;
    place(mark);
  }

  // The tip stays inside the viewport: below the span, or above it when there is no room, and
  // never wider or taller than the window (its own scroll bar then).
  function place(mark) {
    var box = mark.getBoundingClientRect();
    var width = document.documentElement.clientWidth, height = document.documentElement.clientHeight;
    var left = Math.max(8, Math.min(box.left, width - tip.offsetWidth - 8));
    var top = box.bottom + 6;
    if (top + tip.offsetHeight > height - 8) top = Math.max(8, Math.min(box.top - 6 - tip.offsetHeight, height - 8 - tip.offsetHeight));
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  function hide() { clearTimeout(hideTimer); tip.hidden = true; }
  function hideSoon() { clearTimeout(hideTimer); hideTimer = setTimeout(hide, 250); }

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

  function dismiss(li) {
    var id = li.dataset.id;
    var on = !dismissed[id];
    if (on) dismissed[id] = true; else delete dismissed[id];
    li.classList.toggle("dismissed", on);
    var button = li.querySelector("button.dismiss");
    button.setAttribute("aria-pressed", String(on));
    button.textContent = on ? "Restore" : "Dismiss";
    marks.forEach(function (m) {
      m.classList.toggle("dismissed", m.dataset.findings.split(" ").every(function (k) { return dismissed[k]; }));
    });
    var count = Object.keys(dismissed).length;
    document.getElementById("dismissed-count").textContent = String(count);
    exportButton.disabled = count === 0;
  }

  // The dismissed findings as an accepted-findings file (checker/schemas/accepted.schema.json).
  function exportDismissed() {
    var entries = findings.filter(function (f) { return dismissed[f.id]; }).map(function (f) {
      return { path: acceptedName, fingerprint: f.fingerprint, code: f.code, text: f.text, line: f.line };
    });
    var body = JSON.stringify({ accepted_version: 1, findings: entries }, null, 1) + "\n";
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([body], { type: "application/json" }));
    link.download = "checker-accepted.json"; // browsers hide or rename a leading dot
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  marks.forEach(function (mark) {
    mark.addEventListener("mouseenter", function () { show(mark); });
    mark.addEventListener("mouseleave", hideSoon);
    mark.addEventListener("focus", function () { show(mark); });
    mark.addEventListener("blur", hideSoon);
  });
  tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  tip.addEventListener("mouseleave", hideSoon);
  tip.addEventListener("focusin", function () { clearTimeout(hideTimer); });
  window.addEventListener("resize", hide);
  items.forEach(function (li) {
    li.querySelector("button.go").addEventListener("click", function () { select(li.dataset.id); });
    li.querySelector("button.dismiss").addEventListener("click", function () { dismiss(li); });
  });
  exportButton.addEventListener("click", exportDismissed);
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
