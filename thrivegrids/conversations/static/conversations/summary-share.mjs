// Progressive enhancement for the share page: a "Copy link" button (the link is selectable without it).
for (const button of document.querySelectorAll("[data-copy-from]")) {
  const field = document.getElementById(button.dataset.copyFrom);
  const status = document.querySelector("[data-copy-status]");
  if (!field || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = button.dataset.copiedText;
    } catch {
      field.select();
    }
  });
}
