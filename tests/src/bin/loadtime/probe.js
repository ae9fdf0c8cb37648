// Evaluated in each new document of a measured page before its own scripts (DevTools adds it,
// so the page's Content-Security-Policy does not apply). `window.__omgLoadtime.ready` resolves
// to performance.now() (ms since navigation start) at the first DOM change after which every
// selector of READY_WHEN matches; `timings()` resolves to the paint entries (once first
// contentful paint is in, or after 10 s without it) and the navigation's own timings.
(() => {
  const readyWhen = READY_WHEN;
  const matches = () => readyWhen.every((selector) => document.querySelector(selector) !== null);
  let done;
  const ready = new Promise((resolve) => { done = resolve; });
  const observer = new MutationObserver(() => {
    if (matches()) {
      observer.disconnect();
      done(performance.now());
    }
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  const paints = () => new Promise((resolve) => {
    const seen = {};
    const finish = () => resolve(seen);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen[entry.name] = entry.startTime;
      if ("first-contentful-paint" in seen) finish();
    }).observe({ type: "paint", buffered: true });
    setTimeout(finish, 10000);
  });
  const timings = () => paints().then((paint) => {
    const nav = performance.getEntriesByType("navigation")[0];
    return {
      paint,
      dom_content_loaded: nav ? nav.domContentLoadedEventStart : null,
      load: nav ? nav.loadEventStart : null,
    };
  });
  Object.defineProperty(window, "__omgLoadtime", { value: Object.freeze({ ready, timings }) });
})();
