// Progressive enhancement for the conversation page. Without it the page works in full: every
// voice column shows, and "Save draft" saves (marking any field it refused beside the field).
// htmx (loaded beside this module) saves the draft on the server as the practitioner types, never
// in browser storage.
//  - The parent or carer column shows only while "A parent or carer took part" is ticked.
//  - After each autosave, a field it refused (the others are saved) is marked beside the field
//    with the NHS.UK error message the server wrote; the text typed in it is left as it is. A
//    mark goes once an autosave accepts the field.

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

// The parts of a field that its error mark touches: a textarea, or the three boxes of a date.
function fieldParts(inputId) {
  const input = document.getElementById(inputId);
  if (!input) return null;
  const date = input.closest(".nhsuk-date-input");
  return {
    group: (date ?? input).closest(".nhsuk-form-group"),
    before: date ?? input,
    described: date ? date.closest("fieldset") : input,
    inputs: date ? [...date.querySelectorAll("input")] : [input],
    errorClass: date ? "nhsuk-input--error" : "nhsuk-textarea--error",
  };
}

function setDescribedBy(element, id, present) {
  const ids = (element.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
  const kept = ids.filter((each) => each !== id);
  if (present) kept.push(id);
  if (kept.length) element.setAttribute("aria-describedby", kept.join(" "));
  else element.removeAttribute("aria-describedby");
}

function markField(inputId, message) {
  const parts = fieldParts(inputId);
  if (!parts || !parts.group) return;
  message.dataset.autosaveError = inputId;
  const shown = document.getElementById(message.id);
  if (shown) shown.replaceWith(message);
  else parts.before.before(message);
  parts.group.classList.add("nhsuk-form-group--error");
  for (const input of parts.inputs) input.classList.add(parts.errorClass);
  setDescribedBy(parts.described, message.id, true);
}

function clearMark(message) {
  const parts = fieldParts(message.dataset.autosaveError);
  message.remove();
  if (!parts || !parts.group) return;
  parts.group.classList.remove("nhsuk-form-group--error");
  for (const input of parts.inputs) input.classList.remove(parts.errorClass);
  setDescribedBy(parts.described, message.id, false);
}

function showFieldProblems(status) {
  if (!status.querySelector("[data-autosave-checked]")) return;
  const refused = new Map();
  for (const template of status.querySelectorAll("template[data-field-problem]")) {
    const message = document.importNode(template.content, true).firstElementChild;
    refused.set(template.dataset.fieldProblem, message);
  }
  for (const placed of document.querySelectorAll("[data-autosave-error]")) {
    if (!refused.has(placed.dataset.autosaveError)) clearMark(placed);
  }
  for (const [inputId, message] of refused) markField(inputId, message);
}

function setUpFieldProblems() {
  document.body.addEventListener("htmx:afterSettle", (event) => {
    const target = event.detail?.target;
    if (target && target.id === "autosave-status") showFieldProblems(target);
  });
}

setUpParentCarerColumn();
setUpFieldProblems();
