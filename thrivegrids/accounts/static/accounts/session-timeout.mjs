// The idle sign-out warning. The server ends a session after THRIVEGRIDS_SESSION_IDLE_SECONDS without
// a request; this shows a dialog shortly before, whose "Stay signed in" button makes that request.
// Without JavaScript the dialog never opens and the session simply ends. Asking how long is left
// (the status URL) does not count as activity, so another tab's work is taken into account.
const dialog = document.getElementById("tg-session-warning");

if (dialog && typeof dialog.showModal === "function") {
  const warningSeconds = Number(dialog.dataset.warningSeconds);
  const idleSeconds = Number(dialog.dataset.idleSeconds);
  const csrfToken = dialog.querySelector("input[name=csrfmiddlewaretoken]").value;
  let timer;

  const endedHere = () => {
    const next = encodeURIComponent(location.pathname + location.search);
    location.assign(`${dialog.dataset.endedUrl}&next=${next}`);
  };

  const schedule = (secondsLeft) => {
    clearTimeout(timer);
    timer = setTimeout(check, Math.max(0, secondsLeft - warningSeconds) * 1000);
  };

  const ask = async (url, options = {}) => {
    const response = await fetch(url, {
      credentials: "same-origin",
      redirect: "manual", // a redirect means the session is over (or was signed out elsewhere)
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
      ...options,
    });
    if (!response.ok) return null;
    return (await response.json()).seconds_left;
  };

  async function check() {
    const secondsLeft = await ask(dialog.dataset.statusUrl).catch(() => null);
    if (secondsLeft === null || secondsLeft <= 0) {
      endedHere();
    } else if (secondsLeft > warningSeconds) {
      if (dialog.open) dialog.close();
      schedule(secondsLeft);
    } else {
      if (!dialog.open) dialog.showModal();
      clearTimeout(timer);
      // Check again when time is up: the page reloads to the signed-out page unless someone stayed.
      timer = setTimeout(check, secondsLeft * 1000 + 500);
    }
  }

  dialog.querySelector("[data-session-action=stay]").addEventListener("click", async () => {
    const secondsLeft = await ask(dialog.dataset.keepAliveUrl, { method: "POST" }).catch(() => null);
    if (secondsLeft === null) {
      endedHere();
      return;
    }
    dialog.close();
    schedule(secondsLeft);
  });

  // Escape closes a modal dialog; treat that as "stay signed in" too, since the person is here.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    dialog.querySelector("[data-session-action=stay]").click();
  });

  schedule(idleSeconds);
}
