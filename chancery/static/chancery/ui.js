// What every page does besides htmx and the type-to-find selects: "/" goes to the search box,
// a form left with unsaved changes asks before the page is left, a refused save puts the cursor
// in its first invalid field, and an export shows that it is being prepared.
(function () {
  "use strict";

  function typing(target) {
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) return;
    var search = document.getElementById("site-search");
    if (!search) return;
    event.preventDefault();
    search.focus();
    search.select();
  });

  function say(text) {
    var status = document.getElementById("busy-status");
    if (status) status.textContent = text || "";
  }

  // a form marked data-unsaved-warning asks before its changes are left behind
  var dirty = new Set();
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-unsaved-warning")) dirty.add(form);
  });
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-unsaved-warning")) dirty.add(form);
  });
  document.addEventListener("submit", function (event) {
    dirty.delete(event.target);
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size === 0) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // an export's link: the download begins when its first rows are ready
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-export]");
    if (!link) return;
    var status = document.getElementById("busy-status");
    document.body.classList.add("is-exporting");
    say(status && status.dataset.exporting);
    window.setTimeout(function () {
      document.body.classList.remove("is-exporting");
      say("");
    }, 4000);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("form .is-invalid, form [aria-invalid='true']");
    if (invalid) {
      var box = invalid.tomselect ? invalid.tomselect.control_input : invalid;
      box.focus();
      if (box.scrollIntoView) box.scrollIntoView({ block: "center" });
    }
  });

  // a table wider than its column scrolls in its box: the box takes the keyboard's focus, so
  // that it can be scrolled without a mouse
  function focusableScrolling(root) {
    root.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    focusableScrolling(document);
  });
  document.addEventListener("htmx:load", function (event) {
    focusableScrolling(event.target);
  });
  window.addEventListener("resize", function () {
    focusableScrolling(document);
  });

  document.addEventListener("htmx:beforeRequest", function () {
    var status = document.getElementById("busy-status");
    say(status && status.dataset.loading);
  });
  document.addEventListener("htmx:afterRequest", function () {
    say("");
  });
})();
