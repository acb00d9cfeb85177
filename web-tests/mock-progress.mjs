// The mock daemon's progress and activity reports (PROTOCOL.md `progress.list`, `progress.track`,
// `activities.history`, `stats.account`, `progress.changed`, `activity.completed`): the sample
// account's quest steps, bounties and weekly milestones, objectives that move when an activity is
// played, a post-game report with a fireteam for each activity, and the lifetime figures.
import { err } from './mock-errors.mjs';

const ICON = (slug) => `/common/destiny2_content/icons/${slug}.jpg`;
const DAY = 86_400_000;

/** The next weekly reset (Tuesday 17:00 UTC) after `now`, RFC 3339. */
export function weeklyReset(now = Date.now()) {
  const d = new Date(now);
  d.setUTCHours(17, 0, 0, 0);
  let days = (2 - d.getUTCDay() + 7) % 7;
  if (days === 0 && d.getTime() <= now) days = 7;
  return new Date(d.getTime() + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The next daily reset (17:00 UTC) `extra` days on. */
function dailyReset(now, extra = 0) {
  const d = new Date(now);
  d.setUTCHours(17, 0, 0, 0);
  if (d.getTime() <= now) d.setTime(d.getTime() + DAY);
  return new Date(d.getTime() + extra * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

let objectiveSeq = 0;
/** An objective: `[description, progress, completionValue, counts]`; `counts` is what moves it (internal). */
function objective([description, progress, completionValue, counts]) {
  objectiveSeq += 1;
  return { hash: 1_000_000 + objectiveSeq, description, progress, completionValue, complete: progress >= completionValue, counts };
}

/**
 * What each character carries, by class. `counts` says what an activity adds: `kills` (its kills),
 * `strike` (1 for a strike or nightfall), `pvp` (1 for a Crucible match), `activity` (1 for any).
 */
const PURSUITS = {
  warlock: [
    { kind: 'quest', name: 'The Lie', type: 'Quest Step', step: { line: 'The Lie', step: 2, steps: 3 }, tracked: true, objectives: [['Enemies defeated', 120, 300, 'kills']] },
    { kind: 'quest', name: 'Sword Logic', type: 'Quest Step', step: { line: 'Sword Logic', step: 1, steps: 2 }, objectives: [['Dungeons completed', 0, 1, null]] },
    { kind: 'bounty', name: 'Vanguard Glory', type: 'Daily Bounty', expires: 0, objectives: [['Defeat combatants in strikes', 60, 100, 'kills']] },
    { kind: 'bounty', name: 'Strike Specialist', type: 'Weekly Bounty', expires: 2, objectives: [['Strikes completed', 6, 8, 'strike']] },
    { kind: 'bounty', name: 'Gambit Prime Time', type: 'Daily Bounty', expires: 0, objectives: [['Gambit matches completed', 1, 2, null]] },
  ],
  titan: [
    { kind: 'quest', name: 'The Lie', type: 'Quest Step', step: { line: 'The Lie', step: 1, steps: 3 }, objectives: [['Enemies defeated', 46, 200, 'kills']] },
    { kind: 'bounty', name: 'Crucible Contender', type: 'Daily Bounty', expires: 0, objectives: [['Crucible matches completed', 2, 3, 'pvp'], ['Opponents defeated in the Crucible', 18, 25, null]] },
  ],
  hunter: [
    { kind: 'bounty', name: 'Strike Specialist', type: 'Weekly Bounty', expires: 2, objectives: [['Strikes completed', 2, 8, 'strike']] },
  ],
};

const MILESTONES = [
  { hash: 1124927937, name: 'Vanguard Ops', objectives: [['Vanguard strikes completed', 0, 3, 'strike']] },
  { hash: 1697700170, name: 'Crucible Weekly', objectives: [['Crucible matches completed', 0, 5, 'pvp']] },
  { hash: 1862810523, name: 'Weekly Raid', objectives: [['Raid cleared', 1, 1, null]], rewardEarned: true },
];

/**
 * Adds the pursuits to the sample world through `add(fields)` (which makes an item) and answers
 * the progress records, pursuits then milestones, each with its internal `counts` per objective.
 */
export function samplePursuits(add, characters, now = Date.now()) {
  const records = [];
  for (const ch of characters) {
    for (const p of PURSUITS[ch.class] ?? []) {
      const item = add({
        name: p.name, type: p.type, tier: 'Common', bucket: 'quests', power: 0,
        location: { kind: 'character', characterId: ch.characterId },
        transferable: false, equippable: false, lockable: false,
      });
      records.push({
        id: item.id, characterId: ch.characterId, kind: p.kind, hash: item.hash, name: p.name, icon: item.icon,
        objectives: p.objectives.map(objective),
        ...(p.step ? { step: { ...p.step } } : {}),
        ...(p.expires !== undefined ? { expiresAt: dailyReset(now, p.expires) } : {}),
        tracked: Boolean(p.tracked),
      });
    }
    for (const m of MILESTONES) {
      records.push({
        id: `milestone:${m.hash}`, characterId: ch.characterId, kind: 'milestone', hash: m.hash, name: m.name,
        icon: ICON(`milestone_${m.hash}`), objectives: m.objectives.map(objective),
        expiresAt: weeklyReset(now), tracked: false, rewardEarned: Boolean(m.rewardEarned),
      });
    }
  }
  for (const r of records) r.complete = r.objectives.every((o) => o.complete);
  return records;
}

/** A record as the protocol gives it (without the internal `counts`). */
function shown(record) {
  return { ...record, objectives: record.objectives.map(({ counts, ...o }) => o) };
}

const PLAYERS = ["Vex Milk#2498", "Riven's Wish#6748", 'Ghost Whisperer#4519', "Cayde's Chicken#4932", 'Shaxx Fan#2932'];
const CLASSES = ['Titan', 'Hunter', 'Warlock'];

/** A fireteam for a report: the player first, then `others` players met. */
function fireteamOf(self, others, seed) {
  return [
    self,
    ...Array.from({ length: others }, (_, i) => ({
      name: PLAYERS[(seed + i) % PLAYERS.length],
      class: CLASSES[(seed + i) % 3],
      power: 1790 + ((seed * 7 + i * 13) % 40),
      kills: 20 + ((seed * 11 + i * 17) % 70),
      deaths: 1 + ((seed + i * 5) % 9),
      isSelf: false,
    })),
  ];
}

/** Mode numbers (DestinyActivityModeType) a mode's name belongs to, for `activities.history {mode}`. */
function modeTypes(mode) {
  if (/crucible|control|clash|trials|rumble/i.test(mode)) return [5, mode === 'Rumble' ? 48 : 10];
  if (/nightfall/i.test(mode)) return [7, 18, 46];
  if (/strike/i.test(mode)) return [7, 18];
  if (/raid/i.test(mode)) return [7, 4];
  return [7, 6];
}

/**
 * The progress side of the mock game. `characters` and `items` are the game's maps, `records` the
 * progress records, `commit(changes)` and `broadcast(method, params)` the game's.
 */
export function createProgress({ characters, items, records, commit, broadcast, checkBungie }) {
  const byId = new Map(records.map((r) => [`${r.characterId}/${r.id}`, r]));
  const reports = new Map(); // characterId -> activities, newest first (each with internal modes)
  let instance = 15700652000;

  // Earlier activities, so the history has something before anything is played here.
  const earlier = [
    { activity: "Savathûn's Song", mode: 'Nightfall', kills: 64, deaths: 5, assists: 21, precisionKills: 18, score: 152340, seconds: 1331, others: 2 },
    { activity: 'Midtown', mode: 'Control', kills: 23, deaths: 11, assists: 9, precisionKills: 7, score: 2450, seconds: 742, others: 5, standing: 'victory' },
    { activity: 'The Dreaming City', mode: 'Patrol', kills: 112, deaths: 1, assists: 4, precisionKills: 40, seconds: 1804, others: 0 },
  ];
  for (const ch of characters.values()) {
    reports.set(ch.characterId, earlier.map((e, i) => report(ch, e, Date.parse(ch.lastPlayed) - (i + 1) * 3 * 3600_000)));
  }

  function report(ch, e, endedMs) {
    instance += 1;
    const self = { name: 'Guardian#1234', class: ch.class.charAt(0).toUpperCase() + ch.class.slice(1), power: ch.power, kills: e.kills, deaths: e.deaths, isSelf: true };
    const seconds = e.seconds;
    return {
      characterId: ch.characterId, activity: e.activity, mode: e.mode, completed: e.completed ?? true,
      kills: e.kills, deaths: e.deaths, assists: e.assists,
      durationSeconds: e.durationSeconds ?? seconds, endedAt: new Date(endedMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      pgcrId: String(instance), timePlayedSeconds: seconds,
      fireteam: fireteamOf(self, e.others, instance % 5),
      ...(Number.isFinite(e.precisionKills) ? { precisionKills: e.precisionKills } : {}),
      ...(Number.isFinite(e.score) ? { score: e.score } : {}),
      ...(e.standing ? { standing: e.standing } : {}),
      modes: modeTypes(e.mode),
    };
  }
  const public_ = ({ modes, ...a }) => a;

  function characterOf(params) {
    if (params.characterId === undefined) return null;
    if (typeof params.characterId !== 'string') throw err.invalid('characterId', '"characterId" must be a character id string');
    if (!characters.has(params.characterId)) throw err.character(params.characterId);
    return params.characterId;
  }

  /** `progress.list {characterId?, kinds?}`. */
  function list(params) {
    const characterId = characterOf(params);
    const kinds = params.kinds ?? ['quests', 'bounties', 'milestones'];
    if (!Array.isArray(kinds) || kinds.some((k) => !['quests', 'bounties', 'milestones'].includes(k))) {
      throw err.invalid('kinds', '"kinds" lists any of quests, bounties, milestones');
    }
    const mine = [...byId.values()].filter((r) => !characterId || r.characterId === characterId).map(shown);
    const pick = (name, test) => (kinds.includes(name) ? mine.filter(test) : []);
    return {
      quests: pick('quests', (r) => r.kind === 'quest' || r.kind === 'other'),
      bounties: pick('bounties', (r) => r.kind === 'bounty'),
      milestones: pick('milestones', (r) => r.kind === 'milestone'),
    };
  }

  /** The pursuit record of an item id, or null. */
  function pursuitOf(id) {
    return [...byId.values()].find((r) => r.id === id && r.kind !== 'milestone') ?? null;
  }

  /** `progress.track {id, tracked}`: one SetQuestTrackedState when the flag changes. */
  function track(params) {
    if (typeof params.id !== 'string') throw err.invalid('id', '"id" must be an item id string');
    if (typeof params.tracked !== 'boolean') throw err.invalid('tracked', '"tracked" must be true or false');
    if (!items.has(params.id)) throw err.item(params.id);
    const record = pursuitOf(params.id);
    if (!record) throw err.invalid('id', `${items.get(params.id).name} has no objectives to track`);
    if (record.tracked === params.tracked) return { item: shown(record), bungieCalls: 0 };
    checkBungie();
    record.tracked = params.tracked;
    return { item: shown(record), bungieCalls: 1 };
  }

  /** `activities.history {characterId?, count?, mode?}`. */
  function history(params) {
    const characterId = characterOf(params) ?? [...characters.values()].sort((a, b) => String(b.lastPlayed).localeCompare(String(a.lastPlayed)))[0].characterId;
    const n = params.count ?? 10;
    if (!Number.isInteger(n) || n < 1 || n > 50) throw err.invalid('count', '"count" must be 1 to 50');
    if (params.mode !== undefined && !Number.isInteger(params.mode)) throw err.invalid('mode', '"mode" must be a DestinyActivityModeType number');
    const all = (reports.get(characterId) ?? []).filter((a) => params.mode === undefined || a.modes.includes(params.mode));
    // The post-game report's figures for the newest five; older ones have an empty fireteam.
    return { activities: all.slice(0, n).map((a, i) => ({ ...public_(a), fireteam: i < 5 ? a.fireteam : [] })) };
  }

  /** `stats.account {}`: lifetime figures per mode group, most time played first. */
  function stats() {
    const groups = new Map([
      ['allPvE', { kills: 3564, deaths: 269, assists: 926, activitiesCleared: 44, secondsPlayed: 109_688 }],
      ['allPvP', { kills: 1616, deaths: 100, assists: 477, activitiesCleared: 22, secondsPlayed: 14_012 }],
      ['allStrikes', { kills: 1210, deaths: 61, assists: 300, activitiesCleared: 30, secondsPlayed: 31_200 }],
    ]);
    for (const list of reports.values()) {
      for (const a of list.slice(0, list.length - earlier.length)) {
        const g = groups.get(a.modes.includes(5) ? 'allPvP' : 'allPvE');
        g.kills += a.kills;
        g.deaths += a.deaths;
        g.assists += a.assists;
        g.activitiesCleared += a.completed ? 1 : 0;
        g.secondsPlayed += a.timePlayedSeconds;
      }
    }
    const modes = [...groups.entries()].map(([group, g]) => ({ group, ...g, kd: Math.round((g.kills / Math.max(1, g.deaths)) * 100) / 100 }));
    return { modes: modes.sort((a, b) => b.secondsPlayed - a.secondsPlayed) };
  }

  /**
   * An activity ended on `ch` (`{activity, mode, kills, deaths, assists, durationSeconds, endedAt,
   * completed}`): its objectives move (an `updated` change per pursuit item, one `progress.changed`),
   * then its report is pushed as `activity.completed`.
   */
  function finished(ch, done) {
    const adds = { kills: done.kills, activity: 1, strike: /strike|nightfall/i.test(done.mode) ? 1 : 0, pvp: modeTypes(done.mode).includes(5) ? 1 : 0 };
    const changed = [];
    const completed = [];
    for (const r of byId.values()) {
      if (r.characterId !== ch.characterId || r.complete) continue;
      let moved = false;
      for (const o of r.objectives) {
        const add = o.counts ? adds[o.counts] ?? 0 : 0;
        if (!add || o.complete) continue;
        o.progress = Math.min(o.completionValue, o.progress + add);
        o.complete = o.progress >= o.completionValue;
        moved = true;
      }
      if (!moved) continue;
      r.complete = r.objectives.every((o) => o.complete);
      if (r.kind === 'milestone' && r.complete) r.rewardEarned = true;
      changed.push(shown(r));
      if (r.complete) completed.push(r.id);
    }
    const pursuits = changed.filter((r) => r.kind !== 'milestone');
    if (pursuits.length) commit(pursuits.map((r) => ({ kind: 'updated', id: r.id, fields: { objectives: r.objectives } })));
    const milestones = changed.filter((r) => r.kind === 'milestone');
    if (milestones.length) commit(milestones.map((m) => ({ kind: 'milestone', characterId: ch.characterId, id: m.id, milestone: m })));
    if (changed.length) broadcast('progress.changed', { characterId: ch.characterId, changed, completed, removed: [] });
    const seconds = done.durationSeconds;
    const entry = report(ch, {
      ...done, seconds, precisionKills: Math.round(done.kills * 0.3), score: done.kills * 150 + done.assists * 50,
      others: 3, standing: modeTypes(done.mode).includes(5) ? 'victory' : undefined,
    }, Date.parse(done.endedAt));
    reports.get(ch.characterId).unshift(entry);
    broadcast('activity.completed', public_(entry));
  }

  return {
    list,
    track,
    history,
    stats,
    finished,
    /** `objectives` for `items.get`: a pursuit's, else empty. */
    objectivesOf: (id) => {
      const r = pursuitOf(id);
      return r ? shown(r).objectives : [];
    },
    /** Whether an item is a bounty, a quest step, and whether all its objectives are done (search). */
    kindOf: (id) => pursuitOf(id)?.kind ?? null,
    completeOf: (id) => pursuitOf(id)?.complete ?? null,
  };
}

