// Copy buttons beside the command lines of a code's "Try it" box. Without
// this script the lines are plain text to select by hand.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  for (const block of document.querySelectorAll("pre[data-copy-label]")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "quiet copy";
    button.textContent = block.dataset.copyLabel;
    button.addEventListener("click", async function () {
      try {
        await navigator.clipboard.writeText(block.textContent.trim());
        button.textContent = block.dataset.copiedLabel;
      } catch (error) {
        button.textContent = block.dataset.copyLabel;
      }
    });
    block.after(button);
  }
})();
