// @ts-check
// Small DOM helpers both faces use: an element builder, item icons with a tidy placeholder, and
// the words for tiers, classes and buckets.

/** @typedef {Node | string | number | boolean | null | undefined | readonly unknown[]} Child */

/**
 * The page's element with `id`, of `type` (HTMLElement unless said); throws when the page has none
 * or another kind, as a page and its script out of step would.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} [type]
 * @returns {T}
 */
export function byId(id, type = /** @type {new () => T} */ (/** @type {unknown} */ (HTMLElement))) {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`#${id} is missing from the page or is not a ${type.name}`);
  return el;
}

/**
 * Builds an element: `h('button', {class: 'x', onclick}, 'text', child)`. Null children are skipped.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any> | null} [attrs] attributes, `on…` listeners and `dataset`
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * Initials for a placeholder: "MIDA Multi-Tool" → "MM".
 * @param {string | null | undefined} name
 */
function initials(name) {
  return String(name ?? '?').split(/[\s-]+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');
}

/**
 * An icon for an item or emblem: the image from the daemon, replaced by a lettered placeholder
 * when it is missing or fails to load.
 * @param {string} src the image's address ('' for none)
 * @param {string | null | undefined} name what the icon shows (its initials stand in)
 * @param {string} [className]
 * @returns {HTMLElement}
 */
export function icon(src, name, className = 'icon') {
  const placeholder = () => h('span', { class: `${className} placeholder`, 'aria-hidden': 'true' }, initials(name));
  if (!src) return placeholder();
  const img = h('img', { class: className, src, alt: '', loading: 'lazy', decoding: 'async', draggable: 'false' });
  img.addEventListener('error', () => img.replaceWith(placeholder()), { once: true });
  return img;
}

/**
 * "class_item" → "Class item".
 * @param {string | null | undefined} slug
 */
export function bucketLabel(slug) {
  const s = String(slug ?? '').replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * "warlock" → "Warlock".
 * @param {string | null | undefined} cls
 */
export function classLabel(cls) {
  return cls ? cls.charAt(0).toUpperCase() + cls.slice(1) : '';
}

/**
 * A CSS class for an item's tier: `tier-exotic`, `tier-legendary`, …
 * @param {string | null | undefined} tier
 */
export function tierClass(tier) {
  return `tier-${String(tier ?? 'common').toLowerCase()}`;
}

/**
 * "1:02:05" (or "2:05" under an hour) for a duration in seconds.
 * @param {number} totalSeconds
 */
export function formatDuration(totalSeconds) {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}
