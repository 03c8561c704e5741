// The in-room grid page: a "Show full screen" button (only where the browser can). Without it,
// the page is already a large grid with little around it.

const button = document.querySelector("[data-full-screen]");
const area = document.querySelector("[data-in-room]");
if (button && area && document.fullscreenEnabled) {
  button.hidden = false;
  button.addEventListener("click", () => {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else {
      area.requestFullscreen();
    }
  });
  document.addEventListener("fullscreenchange", () => {
    button.textContent = document.fullscreenElement ? button.dataset.leave : button.dataset.enter;
  });
}
