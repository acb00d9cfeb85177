// @ts-check
// Reads a DIM loadout link ("Copy link" in DIM: …/loadouts?loadout=<JSON>) or the loadout JSON
// itself into the DIM loadout object that `loadouts.import {dim}` takes.
/** @import { DimLoadout } from '../protocol/ts/protocol.js' */

/**
 * Parses a DIM loadout link or JSON; throws an Error whose message says what is wrong.
 * @param {string} text
 * @returns {DimLoadout['dim']}
 */
export function parseDimLoadout(text) {
  const input = String(text ?? '').trim();
  if (!input) throw new Error('Paste a DIM loadout link first');
  let json = input;
  if (!input.startsWith('{')) {
    let url;
    try {
      url = new URL(input);
    } catch {
      throw new Error('That is neither a link nor loadout JSON');
    }
    const carried = url.searchParams.get('loadout');
    if (!carried) throw new Error('That link carries no loadout: in DIM use "Share loadout" → "Copy link"');
    json = carried;
  }
  let dim;
  try {
    dim = JSON.parse(json);
  } catch {
    throw new Error('The loadout in that link is damaged (not valid JSON)');
  }
  if (!dim || typeof dim !== 'object' || !Array.isArray(dim.equipped)) {
    throw new Error('That is not a DIM loadout: it has no list of equipped items');
  }
  return dim;
}
