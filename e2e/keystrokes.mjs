// Keystroke → results shown, measured inside the page, the same way in every browser (the
// benchmark and the cross-browser run both pass this function to the page). Each keystroke
// sets the search field as typing would, then waits for the next task: the app's reactive
// updates run in microtasks, so the next task starts when the results are on screen. Only
// keystrokes that changed the count line count. Returns the times in ms.
export async function keystrokeTimes(words) {
  const input = document.querySelector('input[type=search]');
  const status = document.querySelector('p.count');
  const times = [];
  for (const word of words) {
    for (let i = 1; i <= word.length; i++) {
      const before = status.textContent;
      const changed = new Promise(resolve => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve();
        ch.port2.postMessage(null);
      });
      const t0 = performance.now();
      input.value = word.slice(0, i);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await changed;
      const dt = performance.now() - t0;
      if (status.textContent !== before) times.push(dt);
      const s0 = performance.getEntriesByName('bakkal:search-start').at(-1)?.startTime;
      const s1 = performance.getEntriesByName('bakkal:search-end').at(-1)?.startTime;
      console.debug(`${word.slice(0, i)}: ${dt.toFixed(1)} ms (search ${(s1 - s0).toFixed(1)} ms)`);
      await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    }
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise(r => setTimeout(r, 200));
  }
  return times;
}

export const WORDS = ['ayşe', 'istanbul', 'mehmet kaya', 'gmail', 'zzz', 'ış'];
export const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const p95 = xs => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
