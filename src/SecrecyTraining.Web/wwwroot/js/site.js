// Small behaviours shared by every page (no inline scripts: the Content-Security-Policy forbids them).
document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));

// A countdown of whole seconds (the lesson's remaining reading time, the time to an exam session's start): "{0}" in
// data-text-left is replaced by m:ss; at zero the element says data-text-done. It counts to a moment, not ticks, so a
// tab the browser slowed in the background is right when it is looked at again. data-enables names a button that stays
// disabled until zero (without this script it is pressable, and the server answers as it would at any time).
document.querySelectorAll("[data-countdown]").forEach((element) => {
  const end = Date.now() + parseInt(element.dataset.countdown, 10) * 1000;
  const button = element.dataset.enables ? document.getElementById(element.dataset.enables) : null;
  let timer;
  const render = () => {
    const left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
    const text = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    element.textContent = left > 0 ? element.dataset.textLeft.replace("{0}", text) : element.dataset.textDone;
    if (button) button.disabled = left > 0;
    if (left <= 0) clearInterval(timer);
  };
  render();
  if (end > Date.now()) timer = setInterval(render, 1000);
});
