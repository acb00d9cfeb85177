// The operations panel: each move, equip, lock or loadout the player starts, with a progress bar
// fed by `operation.progress` events and, at the end, one line per step (item, what, ok or why not).
import { h } from '../lib/dom.js';
import { stepErrorText } from '../lib/rpc.js';

const VERB = { transfer: 'Move', equip: 'Equip', lock: 'Lock', pull: 'Pull' };

/** Tracks this popup's operations and draws them into `root`. */
export class OperationsPanel {
  constructor(root, nameOf, placeName) {
    this.root = root;
    this.nameOf = nameOf;
    this.placeName = placeName;
    this.running = [];
  }

  /** Runs `promise` (an operation call) under `title`; resolves with its result, rethrows its error. */
  async track(title, promise) {
    const op = { title, id: null, step: 0, of: 0, el: null, list: h('ol', { class: 'steps' }) };
    op.bar = h('progress', { max: '1', value: '0', 'aria-label': `${title}: progress` });
    op.status = h('span', { class: 'op-status' }, 'Working…');
    op.el = h('article', { class: 'op running', 'aria-busy': 'true' },
      h('header', {}, h('strong', {}, title), op.status, h('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss', onclick: () => op.el.remove() }, '×')),
      op.bar, op.list);
    this.root.prepend(op.el);
    // Keep the newest few: older finished panels make way.
    for (const old of [...this.root.querySelectorAll('.op:not(.running)')].slice(1)) old.remove();
    this.running.push(op);
    try {
      const result = await promise;
      this.finish(op, result.steps ?? [], result.ok !== false ? null : 'Some items could not be moved');
      return result;
    } catch (error) {
      this.finish(op, error?.data?.steps ?? [], error?.message ?? String(error));
      throw error;
    } finally {
      this.running = this.running.filter((o) => o !== op);
    }
  }

  /** Takes an `operation.progress` event: ticks the matching operation (or the oldest one waiting). */
  progress(event) {
    const op = this.running.find((o) => o.id === event.operationId) ?? this.running.find((o) => o.id === null);
    if (!op) return;
    op.id = event.operationId;
    op.bar.max = String(event.of || 1);
    op.bar.value = String(event.step);
    op.status.textContent = `Step ${event.step} of ${event.of}`;
    op.list.append(this.stepLine({ action: event.action, id: event.id, ok: event.ok }));
  }

  finish(op, steps, failure) {
    op.el.classList.remove('running');
    op.el.classList.add(failure ? 'failed' : 'done');
    op.el.removeAttribute('aria-busy');
    op.bar.max = '1';
    op.bar.value = '1';
    op.status.textContent = failure ? failure : steps.length ? `Done in ${steps.length} step${steps.length === 1 ? '' : 's'}` : 'Nothing to do';
    op.list.replaceChildren(...steps.map((s) => this.stepLine(s)));
    setTimeout(() => op.el.remove(), failure ? 30000 : 8000);
  }

  stepLine(step) {
    const where = step.to ? ` → ${this.placeName(step.to)}` : '';
    const what = `${VERB[step.action] ?? step.action} ${this.nameOf(step.id)}${step.action === 'transfer' ? where : ''}`;
    return h('li', { class: step.ok ? 'ok' : 'failed' },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, step.ok ? '✓' : '✗'),
      h('span', {}, what, step.ok ? '' : `: ${stepErrorText(step.error)}`),
      h('span', { class: 'sr-only' }, step.ok ? ' (done)' : ' (failed)'));
  }
}
