// Filter forms submit only the fields that are filled in, so a shared URL
// reads ?country=GB&family=ACCUSE rather than a row of empty parameters.
document.querySelectorAll("form[data-drop-empty]").forEach(function (form) {
  form.addEventListener("submit", function () {
    form.querySelectorAll("input, select").forEach(function (field) {
      if (field.name && field.value === "") field.disabled = true;
    });
    // Re-enable after the browser has read the form, for the back button.
    setTimeout(function () {
      form.querySelectorAll("input, select").forEach(function (field) { field.disabled = false; });
    }, 0);
  });
});
