// The root font size in px, kept current when 长辈模式 toggles the class on <html> that enlarges
// it, so charts re-measure their labels without waiting for new data.
import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
  return () => observer.disconnect();
}

const read = () => parseFloat(getComputedStyle(document.documentElement).fontSize) || 17;

export function useRootFontPx(): number {
  return useSyncExternalStore(subscribe, read, () => 17);
}
