// The order form's implied hourly pay as the rate and the standard time are typed, and the
// product's standard time filled in when a product is chosen. Integer fen throughout, the
// same rule as orders/fairwork/hours.py: the hourly figure rounded down to the fen, the check
// exact (rate × 60 ≥ minimum × minutes). Without this script the server shows the figure
// when the form is posted.
(function () {
  "use strict";
  const box = document.getElementById("rate-live");
  const factsNode = document.getElementById("rate-facts");
  if (!box || !factsNode) return;
  const facts = JSON.parse(factsNode.textContent);
  const product = document.getElementById("id_product");
  const rate = document.getElementById("id_piece_rate");
  const minutes = document.getElementById("id_standard_minutes");
  const output = document.getElementById("implied-hourly-live");
  const verdict = document.getElementById("rate-verdict-live");
  const minimum = document.getElementById("minimum-wage-live");
  let filled = minutes.value; // what we last put in the box, so a typed value is kept

  // "3.5" → 350 hundredths; null for anything but a plain number with at most 2 decimals.
  function hundredths(text) {
    const match = /^(\d{1,7})(?:\.(\d{0,2}))?$/.exec(text.trim());
    if (!match) return null;
    return Number(match[1]) * 100 + Number((match[2] || "").padEnd(2, "0"));
  }

  function yuan(fen) {
    const whole = Math.floor(fen / 100).toLocaleString("en-US");
    const part = String(fen % 100).padStart(2, "0");
    return box.dataset.zero.replace("0.00", whole + "." + part);
  }

  function show() {
    const row = facts[product.value];
    const rateFen = hundredths(rate.value);
    const minuteHundredths = hundredths(minutes.value);
    minimum.textContent = row && row.minimum ? row.minimum : "";
    if (!row || !rateFen || !minuteHundredths) {
      output.textContent = box.dataset.prompt;
      verdict.textContent = "";
      return;
    }
    // rate (fen) × 60 ÷ minutes = rateFen × 6000 ÷ minuteHundredths, rounded down.
    const hourlyFen = Math.floor((rateFen * 6000) / minuteHundredths);
    output.textContent = box.dataset.template.split("{hourly}").join(yuan(hourlyFen));
    if (row.minimum_fen === null) verdict.textContent = box.dataset.noMinimum;
    else if (rateFen * 6000 >= row.minimum_fen * minuteHundredths)
      verdict.textContent = box.dataset.pays;
    else verdict.textContent = box.dataset.below;
  }

  product.addEventListener("change", function () {
    const row = facts[product.value];
    if (row && row.minutes && (minutes.value.trim() === "" || minutes.value === filled)) {
      minutes.value = row.minutes;
      filled = row.minutes;
    }
    show();
  });
  rate.addEventListener("input", show);
  minutes.addEventListener("input", show);
  if (product.value && minutes.value.trim() === "") product.dispatchEvent(new Event("change"));
  else show();
})();
