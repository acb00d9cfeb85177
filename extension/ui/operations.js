// @ts-check
// The operations toast: each move, equip, pull, lock or loadout the player starts, with a progress
// bar fed by `operation.progress` events and, at the end, one line per step (item, what, ok or why
// not). It sits at the edge of the popup away from what the player clicked, so it never covers
// that row; a finished operation folds to one line (Details unfolds it) and a failure is said once.
import { h } from '../lib/dom.js';
import { stepErrorText } from '../lib/rpc.js';
/**
 * @import { Location, OperationProgress, OperationResult, Step } from '../../protocol/ts/protocol.js'
 * @typedef {object} Op one operation's toast
 * @property {string} title
 * @property {string | null} id the daemon's operation id, once its first step is heard
 * @property {HTMLElement} el
 * @property {HTMLOListElement} list
 * @property {HTMLProgressElement} bar
 * @property {HTMLElement} status
 * @property {HTMLButtonElement} toggle
 */

/** @type {Record<string, string>} */
const VERB = { transfer: 'Move', equip: 'Equip', lock: 'Lock', pull: 'Pull', skip: 'Skipped', refused: 'Refused' };
/** How much room (px) the toast needs at an edge before it would cover the clicked element. */
const TOAST_ROOM = 170;

/** Tracks this popup's operations and draws them into `root`. */
export class OperationsPanel {
  /**
   * @param {HTMLElement} root
   * @param {(id: string) => string} nameOf an item's name
   * @param {(location: Location) => string} placeName a place in words
   */
  constructor(root, nameOf, placeName) {
    this.root = root;
    this.nameOf = nameOf;
    this.placeName = placeName;
    /** @type {Op[]} */
    this.running = [];
  }

  /**
   * Puts the toast at the bottom, or at the top when `anchor` (the clicked element) is low.
   * @param {Element | null} anchor
   */
  placeAwayFrom(anchor) {
    const rect = anchor?.isConnected ? anchor.getBoundingClientRect() : null;
    const low = rect && rect.bottom > window.innerHeight - TOAST_ROOM;
    this.root.dataset.edge = low ? 'top' : 'bottom';
  }

  /**
   * Runs `promise` (an operation call) under `title`; resolves with its result, rethrows its
   * error. `anchor` is the element the player clicked (the toast keeps clear of it).
   * @template {Pick<OperationResult, 'ok' | 'steps'>} R
   * @param {string} title
   * @param {Promise<R>} promise an operation's answer, or several operations' steps together
   * @param {Element | null} [anchor]
   * @returns {Promise<R>}
   */
  async track(title, promise, anchor = null) {
    this.placeAwayFrom(anchor);
    const list = h('ol', { class: 'steps' });
    const bar = h('progress', { max: '1', value: '0', 'aria-label': `${title}: progress` });
    const status = h('span', { class: 'op-status' }, 'Working…');
    const toggle = h('button', { type: 'button', class: 'fold', 'aria-expanded': 'true', hidden: true, onclick: () => this.fold(op, !el.classList.contains('open')) }, 'Hide');
    const el = h('article', { class: 'op running open', 'aria-busy': 'true' },
      h('header', {}, h('strong', {}, title), status, toggle, h('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss', onclick: () => el.remove() }, '×')),
      bar, list);
    /** @type {Op} */
    const op = { title, id: null, el, list, bar, status, toggle };
    this.root.prepend(op.el);
    // Keep the newest few: older finished toasts make way.
    for (const old of [...this.root.querySelectorAll('.op:not(.running)')].slice(1)) old.remove();
    this.running.push(op);
    try {
      const result = await promise;
      const failed = (result.steps ?? []).filter((s) => !s.ok).length;
      this.finish(op, result.steps ?? [], result.ok !== false ? null : `${failed} of ${(result.steps ?? []).filter((s) => s.action !== 'skip').length} not done`);
      return result;
    } catch (error) {
      const steps = error?.data?.steps ?? [];
      // The reason is said once: on the failed step when there is one, else in the status.
      const stepSaysWhy = steps.some((s) => !s.ok && s.error);
      this.finish(op, steps, stepSaysWhy ? 'Not done' : (error?.message ?? String(error)));
      throw error;
    } finally {
      this.running = this.running.filter((o) => o !== op);
    }
  }

  /**
   * Takes an `operation.progress` event: ticks the matching operation (or the oldest one waiting).
   * @param {OperationProgress} event
   */
  progress(event) {
    const op = this.running.find((o) => o.id === event.operationId) ?? this.running.find((o) => o.id === null);
    if (!op) return;
    op.id = event.operationId;
    op.bar.max = event.of || 1;
    op.bar.value = event.step;
    op.status.textContent = `Step ${event.step} of ${event.of}`;
    op.list.append(this.stepLine({ action: event.action, id: event.id, ok: event.ok }));
  }

  /**
   * Unfolds (`open`) or folds a finished toast to its one line.
   * @param {Op} op
   * @param {boolean} open
   */
  fold(op, open) {
    op.el.classList.toggle('open', open);
    op.toggle.setAttribute('aria-expanded', String(open));
    op.toggle.textContent = open ? 'Hide' : 'Details';
  }

  /**
   * Shows the operation's outcome: every step, and the failure if any.
   * @param {Op} op
   * @param {Step[]} steps
   * @param {string | null} failure
   */
  finish(op, steps, failure) {
    op.el.classList.remove('running');
    op.el.classList.add(failure ? 'failed' : 'done');
    op.el.removeAttribute('aria-busy');
    op.bar.max = 1;
    op.bar.value = 1;
    const moves = steps.filter((s) => s.action !== 'skip').length;
    op.status.textContent = failure ?? (moves ? `Done in ${moves} step${moves === 1 ? '' : 's'}` : 'Nothing to do');
    op.list.replaceChildren(...steps.map((s) => this.stepLine(s)));
    op.toggle.hidden = steps.length === 0;
    // A success folds at once (its steps one click away); a failure stays open to say why.
    this.fold(op, Boolean(failure) && steps.length > 0);
    setTimeout(() => op.el.remove(), failure ? 30000 : 6000);
  }

  /**
   * One step as a line: what, to where, done or why not.
   * @param {Pick<Step, 'action' | 'id' | 'ok'> & Partial<Step>} step
   */
  stepLine(step) {
    const where = step.to ? ` → ${this.placeName(step.to)}` : '';
    const what = step.action === 'skip'
      ? `Skipped ${this.nameOf(step.id)}: not for this character${step.from ? `, left in ${this.placeName(step.from)}` : ''}`
      : `${VERB[step.action] ?? step.action} ${this.nameOf(step.id)}${step.action === 'transfer' || step.action === 'pull' ? where : ''}`;
    return h('li', { class: step.ok ? (step.action === 'skip' ? 'skipped' : 'ok') : 'failed' },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, step.action === 'skip' ? '–' : step.ok ? '✓' : '✗'),
      h('span', {}, what, step.ok ? '' : `: ${stepErrorText(step.error)}`),
      h('span', { class: 'sr-only' }, step.ok ? ' (done)' : ' (failed)'));
  }
}
