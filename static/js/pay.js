// Card payment: Stripe.js tokenises the card in the browser; the server saves the card on a
// customer and creates and confirms the PaymentIntent with it; 3-D Secure, when asked for, completes here. The page
// then reloads and the server asks Stripe itself whether the purchase is paid.
(function () {
  "use strict";
  const form = document.getElementById("pay-form");
  if (!form || typeof Stripe === "undefined") return;
  const stripe = Stripe(form.dataset.stripeKey);
  const card = stripe.elements().create("card");
  card.mount("#card-element");
  const errorBox = document.getElementById("pay-error");
  const button = document.getElementById("pay-button");
  const label = button.textContent;

  function showError(message) {
    errorBox.textContent = message || form.dataset.msgFailed;
    errorBox.hidden = false;
    button.disabled = false;
    button.textContent = label;
  }

  // The server gave the held pieces back (a declined card): stop promising them.
  function stockReturned() {
    const held = document.getElementById("stock-held");
    const returned = document.getElementById("stock-returned");
    if (held) held.hidden = true;
    if (returned) returned.hidden = false;
  }

  async function cardToken() {
    const result = await stripe.createToken(card);
    if (result.error) throw result.error;
    return result.token.id;
  }

  async function pay(id) {
    const body = new URLSearchParams({ card_token: id });
    const response = await fetch(form.dataset.payUrl, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value },
      credentials: "same-origin",
    });
    return response.json();
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    errorBox.hidden = true;
    button.disabled = true;
    button.textContent = form.dataset.msgWorking;
    try {
      const result = await pay(await cardToken());
      if (result.status === "requires_action") {
        const outcome = await stripe.confirmCardPayment(result.client_secret);
        if (outcome.error) {
          // The server hears of the failure from Stripe; the page reload shows the state.
        }
      } else if (result.status === "error") {
        if (result.stock_held === false) stockReturned();
        showError(result.message);
        return;
      }
      window.location.reload();
    } catch (error) {
      showError(error && error.message);
    }
  });
})();
