// The claim form's stepper: − / + and the quick choices set the number, and the money line
// follows it. Without this script the number box and the server's own line still work.
(function () {
  "use strict";
  const form = document.querySelector("[data-stepper]");
  if (!form) return;
  const input = form.querySelector("input[name=quantity]");
  const line = form.querySelector("#money-line");
  const most = Number(form.dataset.most);
  const least = Number(form.dataset.least);
  // Below the least she may only let go down to the pieces she handed over (0: none).
  const floor = Number(form.dataset.floor || 0);
  const largest = Number(form.dataset.largest); // the form's own bound (MAX_PIECES)

  function current() {
    const text = input.value.trim().replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10));
    return /^\d+$/.test(text) ? Number(text) : null;
  }

  function yuan(fen) {
    const whole = Math.floor(fen / 100).toLocaleString("en-US");
    const part = String(fen % 100).padStart(2, "0");
    return line.dataset.zero.replace("0.00", whole + "." + part);
  }

  // How long the pieces take ("40 件约 6 小时"): the server's labels, by the number of pieces
  // where each starts (orders/fairwork/hours.py duration_steps); none past the last listed.
  const timeLine = form.querySelector("#time-line");
  const timeSteps = timeLine ? JSON.parse(document.getElementById("time-steps").textContent) : [];

  function showTime(pieces) {
    if (!timeLine) return;
    const fits = pieces > 0 && pieces <= Number(timeLine.dataset.upto) ? timeSteps.filter((s) => s[0] <= pieces) : [];
    timeLine.textContent = fits.length
      ? timeLine.dataset.template.split("{pieces}").join(pieces).split("{duration}").join(fits[fits.length - 1][1])
      : "";
  }

  function show() {
    const pieces = current();
    showTime(pieces);
    if (pieces === null || pieces > largest) {
      line.textContent = line.dataset.prompt;
    } else if (pieces === 0) {
      line.textContent = line.dataset.release;
    } else {
      const total = yuan(pieces * Number(line.dataset.rateFen));
      // A request's line names the pieces twice ("if you are given 40: 40 × …").
      const text = line.dataset.template.split("{pieces}").join(pieces);
      line.textContent = text.split("{total}").join(total);
    }
  }

  function set(pieces) {
    input.value = String(Math.max(floor, Math.min(most, pieces)));
    show();
  }

  form.querySelectorAll("[data-step]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      const step = Number(button.dataset.step);
      const pieces = current() ?? 0;
      // Below the least the only smaller step is letting go; from there up, the least.
      if (step < 0 && pieces <= least) set(floor);
      else if (step > 0 && pieces < least) set(least);
      else set(pieces + step);
    });
  });
  form.querySelectorAll("[data-set]").forEach(function (button) {
    button.addEventListener("click", function () {
      set(Number(button.dataset.set));
    });
  });
  const quick = form.querySelector(".quick");
  if (quick) quick.hidden = false;
  input.addEventListener("input", show);
})();
