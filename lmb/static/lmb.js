// LMB Leertrajecten: the little JavaScript the pages use, all of it an enhancement (without it
// the navigation is a plain list and tables scroll inside their own box).
(function () {
  "use strict";

  // Phone: the main navigation behind a menu button (as GOV.UK's service navigation does).
  function menu() {
    var button = document.querySelector(".menu-button");
    var nav = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!nav) return;
    var narrow = window.matchMedia("(max-width: 47.99em)");
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.hidden = narrow.matches && !open;
    }
    function layout() {
      button.hidden = !narrow.matches;
      set(false);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow.matches) {
        set(false);
        button.focus();
      }
    });
    narrow.addEventListener("change", layout);
    layout();
  }

  // Narrow screens: a table reads as a stack of cards, one per row, each cell labelled with its
  // column's header (lmb.css does the layout). Without JavaScript a table scrolls in itself.
  function cards() {
    var tables = document.querySelectorAll("main table");
    Array.prototype.forEach.call(tables, function (table) {
      if (!table.tHead || !table.tHead.rows.length) return;
      var headers = Array.prototype.map.call(
        table.tHead.rows[table.tHead.rows.length - 1].cells,
        function (cell) { return cell.textContent.trim(); }
      );
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            if (headers[column] && !cell.hasAttribute("data-label")) {
              cell.setAttribute("data-label", headers[column]);
            }
            column += cell.colSpan || 1;
          });
        });
      });
      table.classList.add("stack-table");
    });
  }

  function start() {
    menu();
    cards();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
