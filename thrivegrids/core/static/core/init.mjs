// Starts the NHS.UK frontend components. Loaded as a module from our own origin (no inline script, for CSP).
import { initAll } from "../vendor/nhsuk/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
