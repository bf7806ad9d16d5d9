// Type-to-find selects: every <select data-lookup="URL"> becomes a Tom Select box that asks
// URL?q=<typed text> for the records the user may pick (chancery.core.views.lookup).
(function () {
  "use strict";

  function ask(url, text) {
    var address = url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text);
    return fetch(address, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  function enhance(select) {
    if (select.tomselect) return;
    var url = select.getAttribute("data-lookup");
    var multiple = select.multiple;
    // a chosen record is taken away by its cross
    var plugins = {};
    if (multiple) plugins.remove_button = { title: select.dataset.remove };
    else if (!select.required) plugins.clear_button = { title: select.dataset.clear };
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: null,
      preload: "focus",
      // one record chosen: the answers close, uncovering the fields beside the box
      closeAfterSelect: !multiple,
      loadThrottle: 250,
      // nothing chosen shows the placeholder
      allowEmptyOption: false,
      placeholder: select.dataset.placeholder,
      plugins: plugins,
      // the server has chosen and ordered the answers: keep them as they came
      score: function () {
        return function () {
          return 1;
        };
      },
      shouldLoad: function () {
        return true;
      },
      load: function (text, callback) {
        var box = this;
        ask(url, text)
          .then(function (answer) {
            box.clearOptions();
            callback(answer.results);
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        no_results: function () {
          return '<div class="no-results">' + (select.dataset.none || "—") + "</div>";
        },
      },
    });
    // the hidden select keeps the name of its field: Tom Select moved the label to its box
    var label = document.getElementById(select.id + "-ts-label");
    if (label) select.setAttribute("aria-labelledby", label.id);
  }

  function enhanceWithin(root) {
    root.querySelectorAll("select[data-lookup]").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceWithin(document);
  });
  document.addEventListener("htmx:load", function (event) {
    enhanceWithin(event.target);
  });
})();
