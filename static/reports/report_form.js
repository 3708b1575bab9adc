// Report form: shows, as the unit head types, each target's result and whether it is met, and flags
// cause and corrective action as required when it is not. The server checks everything again.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) { return; }
  var labels = form.dataset;

  // Vietnamese numbers: "96,5", "1.200", "1.200,5", "97%"; also "96.5". NaN when unreadable or ambiguous.
  function parseNumber(text) {
    var s = (text || "").trim().replace(/%$/, "").trim();
    if (!s) { return null; }
    var sign = 1;
    if (s[0] === "-" || s[0] === "+") { sign = s[0] === "-" ? -1 : 1; s = s.slice(1); }
    var m = /^([0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+),([0-9]+)$/.exec(s);
    if (m) { return sign * parseFloat(m[1].replace(/\./g, "") + "." + m[2]); }
    if (/^[1-9][0-9]{0,2}(?:\.[0-9]{3})+$/.test(s)) { return sign * parseFloat(s.replace(/\./g, "")); }
    if (/^[0-9]+\.(?:[0-9]{1,2}|[0-9]{4,})$/.test(s) || /^[0-9]+$/.test(s)) { return sign * parseFloat(s); }
    return NaN;
  }

  function formatNumber(value, unit) {
    var text = (Math.round(value * 10) / 10).toString().split(".");
    text[0] = text[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return text.join(",") + (unit === "percent" ? "%" : "");
  }

  function isMet(row, result, previous) {
    var d = row.dataset;
    var comparator = d.comparator;
    var value = parseFloat(d.value);
    var upper = parseFloat(d.upper);
    if (result === null || (typeof result === "number" && isNaN(result))) { return null; }
    if (comparator === "done") { return !!result; }
    if (typeof result === "boolean") { return null; }
    switch (comparator) {
      case ">=": return result >= value;
      case ">": return result > value;
      case "<=": return result <= value;
      case "<": return result < value;
      case "=": return d.unit === "percent" ? result >= value : result === value;
      case "between": return result >= value && result <= upper;
      case "reduce_by":
        if (previous === null || isNaN(previous)) { return null; }
        if (d.unit === "percent") { return previous === 0 ? result <= 0 : (previous - result) * 100 / previous >= value; }
        return previous - result >= value;
    }
    return null;
  }

  function field(row, role) { return row.querySelector('[data-role="' + role + '"]'); }

  function badge(kind, text, icon) {
    var span = document.createElement("span");
    span.className = "badge " + kind;
    var i = document.createElement("i");
    i.className = "bi " + icon;
    i.setAttribute("aria-hidden", "true");
    span.appendChild(i);
    span.appendChild(document.createTextNode(" " + text));
    return span;
  }

  function update(row) {
    var d = row.dataset;
    var result = null;
    var judged = null;
    if (d.measurement === "ratio") {
      var num = parseNumber(field(row, "numerator") && field(row, "numerator").value);
      var den = parseNumber(field(row, "denominator") && field(row, "denominator").value);
      if (num !== null && den !== null && !isNaN(num) && !isNaN(den) && den > 0 && num <= den) { result = num * 100 / den; }
    } else if (d.measurement === "yes_no") {
      var checked = row.querySelector('input[type="radio"]:checked');
      if (checked && checked.value) { result = checked.value === "yes"; }
    } else {
      var v = parseNumber(field(row, "value") && field(row, "value").value);
      if (v !== null && !isNaN(v)) { result = v; }
    }
    judged = result;
    var summed = d.aggregation === "sum" && d.measurement === "value" && d.comparator !== "reduce_by" && d.ytdBefore !== undefined;
    if (summed && typeof result === "number") { judged = parseFloat(d.ytdBefore) + result; }
    var previousInput = field(row, "previous_value");
    var previous = previousInput ? parseNumber(previousInput.value) : null;
    var met = isMet(row, judged, previous);
    // Counts summed over the year are not "missed" before the last period while still below the target.
    var inProgress = false;
    if (met === false && summed && d.final !== "1" && [">=", ">", "=", "between"].indexOf(d.comparator) >= 0 &&
        judged < parseFloat(d.value)) { met = null; inProgress = true; }

    var out = field(row, "result");
    if (out) {
      var parts = [];
      if (typeof result === "number") { parts.push(labels.labelResult + ": " + formatNumber(result, d.measurement === "ratio" ? "percent" : d.unit)); }
      if (summed && typeof judged === "number") { parts.push(labels.labelYtd + ": " + formatNumber(judged, d.unit)); }
      out.textContent = parts.join(" · ");
    }
    var metBox = field(row, "met");
    if (metBox) {
      metBox.textContent = "";
      if (met === true) { metBox.appendChild(badge("text-bg-success", labels.labelMet, "bi-check-lg")); }
      else if (met === false) { metBox.appendChild(badge("text-bg-danger", labels.labelMissed, "bi-x-lg")); }
      else if (inProgress) { metBox.appendChild(badge("text-bg-light border", labels.labelProgress, "bi-hourglass-split")); }
    }
    row.querySelectorAll('[data-role="needed-hint"]').forEach(function (hint) {
      hint.classList.toggle("d-none", met !== false);
    });
  }

  form.querySelectorAll(".report-row").forEach(function (row) {
    row.addEventListener("input", function () { update(row); });
    row.addEventListener("change", function () { update(row); });
    update(row);
  });
})();
