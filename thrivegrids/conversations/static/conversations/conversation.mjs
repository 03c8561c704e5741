// Progressive enhancement for the conversation page. Without it the page works in full: every
// voice column shows, and "Save draft" saves. htmx (loaded beside this module) saves the draft on
// the server as the practitioner types, never in browser storage.
//  - The parent or carer column shows only while "A parent or carer took part" is ticked.

function setUpParentCarerColumn() {
  const toggle = document.getElementById("id_parent_carer_present");
  const column = document.querySelector("[data-parent-carer-column]");
  if (!toggle || !column) return;
  const show = () => {
    column.hidden = !toggle.checked;
  };
  toggle.addEventListener("change", show);
  show();
}

setUpParentCarerColumn();
