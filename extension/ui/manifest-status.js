// @ts-check
// The line under the header while the daemon downloads or installs the game's item definitions
// (Bungie's manifest: tens of MB on patch day). Fed by `sync.status` events and, when the popup
// connects, by `session.status`; hidden when the manifest is current.
/** @import { ManifestStatus } from '../../protocol/ts/protocol.js' */

/**
 * "12.3 MB" for a byte count.
 * @param {number} bytes
 */
function megabytes(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * The words for a manifest status (`{version, state, bytes, totalBytes}`), or '' for none.
 * @param {ManifestStatus | null | undefined} manifest
 */
export function manifestText(manifest) {
  if (!manifest) return '';
  if (manifest.state === 'downloading') {
    const of = manifest.totalBytes ? ` of ${megabytes(manifest.totalBytes)}` : '';
    return `Downloading the game's item definitions (new season or patch): ${megabytes(manifest.bytes)}${of}`;
  }
  if (manifest.state === 'installing') return "Installing the game's new item definitions…";
  return '';
}

/**
 * Shows `manifest` in `root` (a `<div>` with a `<progress>` and a `<span>`), or hides it.
 * @param {HTMLElement} root
 * @param {ManifestStatus | null | undefined} manifest
 */
export function renderManifest(root, manifest) {
  const text = manifestText(manifest);
  root.hidden = text === '';
  const words = root.querySelector('span');
  const bar = root.querySelector('progress');
  if (!manifest || !text || !words || !bar) return;
  words.textContent = text;
  if (manifest.state === 'downloading' && manifest.totalBytes) {
    bar.max = manifest.totalBytes;
    bar.value = Math.min(manifest.bytes, manifest.totalBytes);
  } else {
    bar.removeAttribute('value');
  }
}
