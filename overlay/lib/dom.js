// Small DOM helpers both faces use: an element builder, item icons with a tidy placeholder, and
// the words for tiers, classes and buckets.

/** Builds an element: `h('button', {class: 'x', onclick}, 'text', child)`. Null children are skipped. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Initials for a placeholder: "MIDA Multi-Tool" → "MM". */
function initials(name) {
  return String(name ?? '?').split(/[\s-]+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');
}

/**
 * An icon for an item or emblem: the image from the daemon, replaced by a lettered placeholder
 * when it is missing or fails to load.
 */
export function icon(src, name, className = 'icon') {
  const placeholder = () => h('span', { class: `${className} placeholder`, 'aria-hidden': 'true' }, initials(name));
  if (!src) return placeholder();
  const img = h('img', { class: className, src, alt: '', loading: 'lazy', decoding: 'async', draggable: 'false' });
  img.addEventListener('error', () => img.replaceWith(placeholder()), { once: true });
  return img;
}

/** "class_item" → "Class item". */
export function bucketLabel(slug) {
  const s = String(slug ?? '').replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "warlock" → "Warlock". */
export function classLabel(cls) {
  return cls ? cls.charAt(0).toUpperCase() + cls.slice(1) : '';
}

/** A CSS class for an item's tier: `tier-exotic`, `tier-legendary`, … */
export function tierClass(tier) {
  return `tier-${String(tier ?? 'common').toLowerCase()}`;
}

/** "1h 02m 05s" style duration for seconds. */
export function formatDuration(totalSeconds) {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const pad = (n) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}
