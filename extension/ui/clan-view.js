// @ts-check
// The Clan view (`clan.get`): the clan's name, motto and member count, and the roster with the
// members online first, each as "online now" or "last online 3 h ago", with their rank.
import { h } from '../lib/dom.js';
/** @import { ClanMember, ClanResult } from '../../protocol/ts/protocol.js' */

/** @type {Record<string, string>} */
const RANKS = { beginner: 'Beginner', member: 'Member', admin: 'Admin', acting_founder: 'Acting founder', founder: 'Founder' };

/**
 * "Acting founder" for `acting_founder`; the word itself for a rank it does not know.
 * @param {string | null | undefined} rank
 */
export function rankText(rank) {
  if (typeof rank !== 'string' || !rank) return '';
  return RANKS[rank] ?? (rank.charAt(0).toUpperCase() + rank.slice(1)).replace(/_/g, ' ');
}

/** "online now" (with what they play, when public), "last online 3 h ago", "last online 2 d ago";
 * "offline" without a time.
 * @param {Partial<ClanMember> | null | undefined} member
 * @param {number} [now]
 */
export function lastOnlineText(member, now = Date.now()) {
  if (member?.online) {
    return typeof member.activity === 'string' && member.activity ? `online now · ${member.activity}` : 'online now';
  }
  const at = Date.parse(member?.lastOnline ?? '');
  if (!Number.isFinite(at)) return 'offline';
  const minutes = Math.floor(Math.max(0, now - at) / 60_000);
  if (minutes < 1) return 'last online just now';
  if (minutes < 60) return `last online ${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `last online ${hours} h ago`;
  return `last online ${Math.floor(hours / 24)} d ago`;
}

/**
 * @param {ClanMember} m
 * @param {number} now
 */
function memberRow(m, now) {
  return h('tr', { class: m.online ? 'online' : '', dataset: { membershipId: m.membershipId ?? '' } },
    h('td', { class: 'member-name' }, h('span', { class: `presence${m.online ? ' on' : ''}`, 'aria-hidden': 'true' }), m.name || 'Guardian'),
    h('td', { class: 'member-seen' }, lastOnlineText(m, now)),
    h('td', { class: 'member-rank' }, rankText(m.rank)));
}

/**
 * Draws a `clan.get` result into `root`. `state` is `loading`, `error` (with `message`) or `ready`.
 * @param {HTMLElement} root
 * @param {ClanResult | null} result
 * @param {{state?: 'loading' | 'error' | 'ready', message?: string, now?: number}} [options]
 */
export function renderClan(root, result, { state = 'ready', message = '', now = Date.now() } = {}) {
  if (state === 'loading') {
    root.replaceChildren(h('p', { class: 'empty' }, 'Reading the clan…'));
    return;
  }
  if (state === 'error') {
    root.replaceChildren(h('p', { class: 'error' }, message || 'The daemon could not read the clan.'));
    return;
  }
  const clan = result?.clan;
  if (!clan) {
    root.replaceChildren(h('p', { class: 'empty clan-none' }, 'You are not in a clan.'));
    return;
  }
  const members = Array.isArray(clan.members) ? clan.members : [];
  // Online first, then the most recently seen: the daemon sends them so; kept so here too.
  const ordered = [...members].sort((a, b) => Number(Boolean(b.online)) - Number(Boolean(a.online))
    || (Date.parse(b.lastOnline ?? '') || 0) - (Date.parse(a.lastOnline ?? '') || 0));
  const online = members.filter((m) => m.online).length;
  const memberCount = Number.isFinite(clan.memberCount) ? clan.memberCount : members.length;
  root.replaceChildren(
    h('header', { class: 'clan-head' },
      h('h3', { class: 'clan-name' }, clan.name || 'Clan'),
      clan.motto ? h('p', { class: 'clan-motto' }, clan.motto) : null,
      h('p', { class: 'hint clan-count' }, `${memberCount} ${memberCount === 1 ? 'member' : 'members'} · ${online} online now`)),
    ordered.length
      ? h('table', { class: 'roster' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Member'), h('th', { scope: 'col' }, 'Seen'), h('th', { scope: 'col' }, 'Rank'))),
        h('tbody', {}, ordered.map((m) => memberRow(m, now))))
      : h('p', { class: 'empty' }, 'The roster is empty.'));
}
