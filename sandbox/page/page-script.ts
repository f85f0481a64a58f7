/**
 * The page's only script (no build step): keeps the chosen phone and staff member, re-renders
 * from the server's SSE stream, and posts forms and button clicks with a header a cross-site
 * form cannot send.
 */
export const PAGE_SCRIPT = `
(() => {
  const state = { phone: document.body.dataset.phone, as: document.body.dataset.as, tab: "channel" };
  const toast = document.getElementById("toast");
  let source;
  function fail(message) {
    toast.textContent = message;
    toast.style.display = "block";
    clearTimeout(fail.timer);
    fail.timer = setTimeout(() => (toast.style.display = "none"), 6000);
  }
  function apply(d) {
    const keep = {};
    const active = document.activeElement && document.activeElement.id;
    document.querySelectorAll("[data-keep]").forEach((el) => (keep[el.id] = el.value));
    for (const key of ["clock", "phone", "channel", "home", "dms"]) document.getElementById(key).innerHTML = d[key];
    const select = document.getElementById("numbers");
    select.innerHTML = d.numbers;
    select.value = state.phone;
    for (const [id, value] of Object.entries(keep)) {
      const el = document.getElementById(id);
      if (el) el.value = value;
    }
    if (active) document.getElementById(active)?.focus();
    const texts = document.getElementById("texts");
    if (texts) texts.scrollTop = texts.scrollHeight;
    document.body.dataset.version = String(d.version);
  }
  function showTab(tab) {
    state.tab = tab;
    document.querySelectorAll("[data-tab]").forEach((b) => b.classList.toggle("active", b.dataset.tab === tab));
    for (const key of ["channel", "home", "dms"]) document.getElementById(key).hidden = key !== tab;
    document.getElementById("composer").hidden = tab !== "channel";
    // Slack sends app_home_opened each time someone opens the Home tab.
    if (tab === "home") void post("/sandbox/slack/home", {});
  }
  function connect() {
    if (source) source.close();
    document.getElementById("records-link").href = "/sandbox/records/" + encodeURIComponent(state.phone);
    const q = new URLSearchParams({ phone: state.phone, as: state.as });
    source = new EventSource("/sandbox/stream?" + q);
    source.addEventListener("render", (e) => apply(JSON.parse(e.data)));
  }
  async function post(path, fields) {
    const body = new URLSearchParams(fields);
    body.set("phone", state.phone);
    body.set("as", state.as);
    const res = await fetch(path, { method: "POST", body, headers: { "x-sandbox": "1" } });
    if (!res.ok) {
      const answer = await res.json().catch(() => ({}));
      fail(answer.error || "HTTP " + res.status);
      return undefined;
    }
    return res.json().catch(() => ({}));
  }
  document.addEventListener("submit", async (ev) => {
    const form = ev.target.closest("form[data-post]");
    if (!form) return;
    ev.preventDefault();
    const fields = Object.fromEntries(new FormData(form));
    form.querySelectorAll("[data-clear]").forEach((el) => (el.value = ""));
    const answer = await post(form.dataset.post, fields);
    if (answer && answer.phone) {
      state.phone = answer.phone;
      connect();
    }
  });
  document.addEventListener("click", (ev) => {
    const tab = ev.target.closest("button[data-tab]");
    if (tab) showTab(tab.dataset.tab);
    const button = ev.target.closest("button[data-click]");
    if (button) void post("/sandbox/slack/click", { ref: button.dataset.click });
    const edit = ev.target.closest("button[data-edit]");
    if (edit) {
      const text = window.prompt("Edit your message", edit.dataset.text);
      if (text) void post("/sandbox/slack/change", { change: "edit", ts: edit.dataset.edit, text });
    }
    const del = ev.target.closest("button[data-delete]");
    if (del) void post("/sandbox/slack/change", { change: "delete", ts: del.dataset.delete });
  });
  document.addEventListener("change", (ev) => {
    if (ev.target.id === "numbers") state.phone = ev.target.value;
    else if (ev.target.id === "as") {
      state.as = ev.target.value;
      if (state.tab === "home") void post("/sandbox/slack/home", {});
    }
    else if (ev.target.matches("[data-toggle-unreachable]")) {
      void post("/sandbox/phone/unreachable", { off: ev.target.checked ? "1" : "0" });
      return;
    } else return;
    connect();
  });
  connect();
})();
`;
