// Dashboard, admins: "Import a recording". A WAV or FLAC file from a phone or an old recorder is
// posted to POST /api/v1/devices/{id}/recordings?startMs=... as the chosen device's audio from the
// chosen start (typed in the browser's local time, sent as UTC milliseconds). The upload shows its
// progress (XMLHttpRequest: fetch cannot report upload progress); a long recording becomes a job,
// polled until it ends. The answer's counts are shown with a link to that day in the annotator.
import { ApiError, api, attempt, el, isoDay, pageHeaders } from './common.js';

const POLL_MS = 1000;

/** The Content-Type of a chosen file: its own when the browser knows it, else from its name. */
function mediaType(file) {
  const name = file.name.toLowerCase();
  if (name.endsWith('.flac')) return 'audio/flac';
  if (name.endsWith('.wav') || name.endsWith('.wave')) return 'audio/wav';
  return file.type || 'application/octet-stream';
}

/** Posts the file with upload progress; resolves to {status, body}, rejects with ApiError. */
function upload(url, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [k, v] of Object.entries(pageHeaders())) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('Content-Type', mediaType(file));
    xhr.upload.addEventListener('progress', ev => { if (ev.lengthComputable) onProgress(ev.loaded / ev.total); });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'network', 'The hub cannot be reached. Check the connection and try again.')));
    xhr.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { body = null; }
      if (xhr.status === 201 || xhr.status === 202) {
        resolve({ status: xhr.status, body });
      } else {
        const detail = body && (body.detail || body.title);
        reject(new ApiError(xhr.status, body && body.code, detail || `The hub answered ${xhr.status}.`));
      }
    });
    xhr.send(file);
  });
}

export function initRecordingImport(section) {
  const form = section.querySelector('#import-form');
  const device = section.querySelector('#import-device');
  const start = section.querySelector('#import-start');
  const file = section.querySelector('#import-file');
  const submit = section.querySelector('#import-submit');
  const progress = section.querySelector('#import-progress');
  const status = section.querySelector('#import-status');
  const result = section.querySelector('#import-result');

  async function loadDevices() {
    const list = await attempt(() => api('GET', '/api/v1/devices'));
    if (!list) return;
    const chosen = device.value;
    device.replaceChildren(...list.map(d => el('option', { value: String(d.id) }, `${d.name} (#${d.id})`)));
    if (chosen) device.value = chosen;
  }

  function show(kind, ...children) {
    result.className = 'alert ' + kind;
    result.replaceChildren(...children);
    result.hidden = false;
  }

  function showCounts(deviceId, counts) {
    const day = isoDay(counts.startMs);
    const link = el('a', { href: `/annotator#from=${day}&to=${day}&device=${deviceId}&day=${day}`, id: 'import-day-link' },
      `open ${day} in the annotator`);
    show('info',
      el('span', { id: 'import-counts' },
        `Stored ${counts.stored} segment${counts.stored === 1 ? '' : 's'}; `
        + `${counts.silent} silent (not stored); ${counts.overlapping} overlapping audio the device already had (skipped). `),
      link, '.');
  }

  async function follow(deviceId, job) {
    while (job.state === 'queued' || job.state === 'running') {
      const total = job.totalSegments > 0 ? job.totalSegments : null;
      status.textContent = total
        ? `Importing: ${job.processedSegments} of ${total} segments…`
        : `Importing: ${job.processedSegments} segments…`;
      if (total) progress.value = Math.round(100 * job.processedSegments / total);
      await new Promise(r => setTimeout(r, POLL_MS));
      job = await api('GET', job.url);
    }
    if (job.state === 'failed') throw new ApiError(409, job.code, job.detail);
    return job;
  }

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const chosen = file.files[0];
    const startMs = new Date(start.value).getTime(); // datetime-local is read as the browser's local time
    if (!chosen || !Number.isFinite(startMs)) return;
    const deviceId = device.value;
    submit.disabled = true;
    result.hidden = true;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = 'Uploading…';
    try {
      const url = `/api/v1/devices/${deviceId}/recordings?startMs=${startMs}`;
      const answer = await upload(url, chosen, f => {
        progress.value = Math.round(100 * f);
        status.textContent = f < 1 ? `Uploading: ${Math.round(100 * f)} %` : 'Cutting and storing…';
      });
      const counts = answer.status === 202 ? await follow(deviceId, answer.body) : answer.body;
      progress.value = 100;
      status.textContent = 'Done.';
      showCounts(deviceId, { ...counts, startMs });
    } catch (e) {
      status.textContent = '';
      show('error', e.message);
    } finally {
      submit.disabled = false;
    }
  });

  loadDevices();
}
