// Small behaviours shared by every page (no inline scripts: the Content-Security-Policy forbids them).
document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));

// A countdown of whole seconds (the lesson's remaining reading time): "{0}" in data-text-left is replaced by m:ss; at
// zero the element says data-text-done.
document.querySelectorAll("[data-countdown]").forEach((element) => {
  let left = parseInt(element.dataset.countdown, 10);
  const render = () => {
    const text = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    element.textContent = left > 0 ? element.dataset.textLeft.replace("{0}", text) : element.dataset.textDone;
  };
  render();
  const timer = setInterval(() => {
    left -= 1;
    render();
    if (left <= 0) clearInterval(timer);
  }, 1000);
});
