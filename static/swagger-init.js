// Start Swagger UI from a file, so the Content-Security-Policy needs no inline script.
// Swagger UI has a dark theme of its own, switched on by html.dark-mode; follow
// the reader's colour scheme, as the rest of the site does through style.css.
window.addEventListener("DOMContentLoaded", () => {
  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  const followScheme = () =>
    document.documentElement.classList.toggle("dark-mode", dark.matches);
  followScheme();
  dark.addEventListener("change", followScheme);

  const root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
  });
});
