// Progressive enhancement for the service search. The page works fully without it.
//  - "Use my location": asks the browser for its position (only when pressed), rounds it to about
//    100 metres and submits the search with it instead of a place name.
//  - After htmx swaps part of the page, focus goes back where it was, or to the error summary.

function setUpLocation(form) {
  const button = form.querySelector("[data-use-location]");
  const status = form.querySelector("[data-location-status]");
  if (!button || !("geolocation" in navigator)) return;
  const { place, lat, lng } = form.elements;
  button.hidden = false;
  button.addEventListener("click", () => {
    status.textContent = button.dataset.waiting;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        lat.value = position.coords.latitude.toFixed(3);
        lng.value = position.coords.longitude.toFixed(3);
        place.value = "";
        status.textContent = "";
        form.requestSubmit();
      },
      () => {
        status.textContent = button.dataset.failed;
      },
      { timeout: 15000, maximumAge: 600000 },
    );
  });
  // Typing a place replaces the browser's location.
  place.addEventListener("input", () => {
    lat.value = "";
    lng.value = "";
  });
}

function setUpFocus() {
  let focusedId = "";
  document.body.addEventListener("htmx:beforeSwap", () => {
    focusedId = document.activeElement?.id || "";
  });
  document.body.addEventListener("htmx:afterSettle", () => {
    const summary = document.querySelector("#maincontent .nhsuk-error-summary");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
      return;
    }
    const again = focusedId && document.getElementById(focusedId);
    if (again && document.activeElement !== again) again.focus();
  });
}

function start() {
  setUpFocus();
  // The form is replaced when htmx swaps the whole page body (to show errors), so look it up again.
  const wire = () => {
    const form = document.querySelector("[data-directory-search]");
    if (form && !form.dataset.enhanced) {
      form.dataset.enhanced = "true";
      setUpLocation(form);
    }
  };
  wire();
  document.body.addEventListener("htmx:afterSettle", wire);
}

start();
