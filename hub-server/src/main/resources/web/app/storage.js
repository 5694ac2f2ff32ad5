// Dashboard storage panel (admins): figures from GET /api/v1/storage, refreshed every minute.
import { api } from './common.js';

function bytes(n) {
  if (n == null) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '–';
}

export function initStorage(section) {
  const list = section.querySelector('dl');
  async function load() {
    let s;
    try {
      s = await api('GET', '/api/v1/storage');
    } catch (e) {
      list.innerHTML = `<dt>Error</dt><dd>${e.message}</dd>`;
      return;
    }
    const deleted = Object.entries(s.deletedLast30Days || {})
      .map(([reason, d]) => `${reason}: ${d.segments} (${bytes(d.bytes)})`).join(', ');
    const rows = [
      ['Free', `${bytes(s.freeBytes)} of ${bytes(s.totalBytes)} (guard keeps ${bytes(s.guardThresholdBytes)})`],
      ['Audio', `${s.segments} segments, ${bytes(s.audioBytes)}`],
      ['Oldest segment', when(s.oldestSegment)],
      ['Protected', `${s.protectedSegments} segments, ${bytes(s.protectedBytes)}`],
      ['Ingest rate', `${bytes(s.ingestBytesPerDay)} per day`],
      ['Days until the guard deletes', s.projectedDaysUntilThreshold == null ? 'no recent ingest' : s.projectedDaysUntilThreshold.toFixed(1)],
      ['Retention', s.keepDays == null ? 'keep everything' : `keep ${s.keepDays} days`],
      ['Deleted, last 30 days', deleted || 'nothing'],
      ['Last backup', s.backup ? `${s.backup.state}${s.backup.finished ? ', ' + when(s.backup.finished) : ''}${s.backup.message ? ': ' + s.backup.message : ''}` : 'not scheduled'],
    ];
    list.replaceChildren(...rows.flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      return [dt, dd];
    }));
  }
  load();
  setInterval(load, 60000);
}
