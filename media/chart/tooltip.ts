/**
 * The tooltip of the charts: one absolutely placed element of the page (`#tooltip`, role tooltip)
 * filled with lines of text (`textContent`, never markup), above its anchor or below it when there is
 * no room, kept inside the window.
 */
export function tooltipFor(tooltip: HTMLElement): (lines: string[] | undefined, anchor?: Element) => void {
  return (lines, anchor) => {
    if (!lines || !anchor) {
      tooltip.hidden = true;
      return;
    }
    tooltip.replaceChildren(...lines.map((l, i) => {
      const div = document.createElement('div');
      if (i === 0) div.className = 'tip-title';
      div.textContent = l;
      return div;
    }));
    tooltip.hidden = false;
    const r = anchor.getBoundingClientRect();
    const w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    const left = Math.max(4, Math.min(window.innerWidth - w - 4, r.left + r.width / 2 - w / 2));
    const top = r.top - h - 6 >= 0 ? r.top - h - 6 : r.bottom + 6;
    tooltip.style.left = `${left + window.scrollX}px`;
    tooltip.style.top = `${top + window.scrollY}px`;
  };
}
