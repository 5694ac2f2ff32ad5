// The macro-segment view: a 15 s window drawn as waveform and spectrogram (canvas, our own FFT),
// played with Web Audio with a moving cursor; gaps are hatched; annotations are coloured boxes;
// dragging selects a region to label.

const FFT_SIZE = 1024;
const MAX_FREQ = 11025;

/** In-place iterative radix-2 FFT of (re, im), length a power of two. */
function fft(re, im) {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = -2 * Math.PI / len;
    const wr = Math.cos(ang), wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1, ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k, b = a + len / 2;
        const tr = re[b] * cr - im[b] * ci, ti = re[b] * ci + im[b] * cr;
        re[b] = re[a] - tr; im[b] = im[a] - ti;
        re[a] += tr; im[a] += ti;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
}

// A perceptual dark-to-bright colour map (inferno-like), 5 stops interpolated.
const STOPS = [[0, 0, 4], [87, 16, 110], [188, 55, 84], [249, 142, 9], [252, 255, 164]];
function colour(v) {
  const x = Math.min(1, Math.max(0, v)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i], b = STOPS[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

export class MacroView {
  constructor({ root, wave, spec, overlay, onSelection, onAnnotationClick, onTime }) {
    this.root = root;
    this.wave = wave;
    this.spec = spec;
    this.overlay = overlay;
    this.onSelection = onSelection;
    this.onAnnotationClick = onAnnotationClick;
    this.onTime = onTime;
    this.ctx = null;
    this.buffer = null;
    this.source = null;
    this.playing = false;
    this.offset = 0; // seconds into the window where playback (re)starts
    this.startedAt = 0;
    this.win = null;
    this.annotations = [];
    this.selected = null;
    this.selection = null; // {startMs, endMs}
    /** @type {(tagId: number) => string} the annotator sets both once it knows the tags */
    this.tagColour = () => '#fff';
    /** @type {(tagId: number) => string} */
    this.tagName = () => '';
    this.installMouse();
    new ResizeObserver(() => this.draw()).observe(root);
  }

  /** Closes the window: stops playback and clears the view (e.g. when the day changes under it). */
  close() {
    this.stop();
    this.win = null;
    this.buffer = null;
    this.selection = null;
    this.annotations = [];
    this.overlay.replaceChildren();
  }

  /** Whether [startMs, endMs] lies entirely in gaps of the window (no audio was uploaded there). */
  silentOnly(startMs, endMs) {
    if (!this.win) return false;
    let covered = 0;
    for (const g of this.win.gaps || []) {
      covered += Math.max(0, Math.min(endMs, g.endMs) - Math.max(startMs, g.startMs));
    }
    return covered >= endMs - startMs;
  }

  /** Loads a window ({startMs, endMs, audioUrl, gaps}) and its audio. */
  async load(win) {
    this.stop();
    this.win = win;
    this.selection = null;
    this.offset = 0;
    if (!this.ctx) this.ctx = new AudioContext();
    const res = await fetch(win.audioUrl, { credentials: 'same-origin', headers: { 'X-Buddybork-Page': '1' } });
    if (!res.ok) throw new Error(`The audio of this window could not be loaded (HTTP ${res.status}).`);
    this.buffer = await this.ctx.decodeAudioData(await res.arrayBuffer());
    this.spectrum = null;
    this.draw();
  }

  setAnnotations(list, selectedId) {
    this.annotations = list;
    this.selected = selectedId == null ? null : selectedId;
    this.renderOverlay();
  }

  get durationMs() { return this.win ? this.win.endMs - this.win.startMs : 15000; }

  msAt(clientX) {
    const r = this.root.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - r.left) / r.width));
    return Math.round(this.win.startMs + f * this.durationMs);
  }

  pct(ms) { return ((ms - this.win.startMs) / this.durationMs) * 100; }

  /**
   * Selection by mouse, pen or touch (pointer events): drag to select, tap to move the cursor. The
   * element allows vertical panning only (CSS touch-action), so a sideways finger selects.
   */
  installMouse() {
    let down = null;
    const finish = (ev, cancelled) => {
      if (!down || ev.pointerId !== down.id) return;
      const moved = Math.abs(ev.clientX - down.x) > 3;
      const ms = this.msAt(ev.clientX);
      if (cancelled) {
        this.selection = null;
      } else if (moved) {
        this.selection = { startMs: Math.min(down.ms, ms), endMs: Math.max(down.ms, ms) };
        this.onSelection(this.selection);
      } else {
        this.selection = null;
        this.onSelection(null);
        this.seek((ms - this.win.startMs) / 1000);
      }
      down = null;
      this.renderOverlay();
    };
    this.root.addEventListener('pointerdown', ev => {
      if (!this.win || (ev.pointerType === 'mouse' && ev.button !== 0) || ev.target.closest('.annot')) return;
      ev.preventDefault();
      down = { id: ev.pointerId, x: ev.clientX, ms: this.msAt(ev.clientX) };
      try { this.root.setPointerCapture(ev.pointerId); } catch { /* synthetic pointer */ }
    });
    this.root.addEventListener('pointermove', ev => {
      if (!down || ev.pointerId !== down.id) return;
      if (Math.abs(ev.clientX - down.x) > 3) {
        const ms = this.msAt(ev.clientX);
        this.selection = { startMs: Math.min(down.ms, ms), endMs: Math.max(down.ms, ms) };
        this.renderOverlay();
      }
    });
    this.root.addEventListener('pointerup', ev => finish(ev, false));
    this.root.addEventListener('pointercancel', ev => finish(ev, true));
  }

  /** Lane of each annotation (greedy by start), so that nested or overlapping ones sit side by side. */
  static lanes(list) {
    const sorted = [...list].sort((a, b) => a.startMs - b.startMs || b.endMs - a.endMs);
    const ends = [];
    const lane = new Map();
    for (const a of sorted) {
      let i = ends.findIndex(end => end <= a.startMs);
      if (i < 0) { i = ends.length; ends.push(0); }
      ends[i] = a.endMs;
      lane.set(a.id, i);
    }
    return { lane, count: Math.max(1, ends.length) };
  }

  clearSelection() {
    this.selection = null;
    this.renderOverlay();
  }

  /** Seconds from the window start where the cursor is. */
  position() {
    if (this.playing) return Math.min(this.buffer.duration, this.offset + this.ctx.currentTime - this.startedAt);
    return this.offset;
  }

  toggle() { if (this.playing) this.pause(); else this.play(); }

  play() {
    if (!this.buffer || this.playing) return;
    if (this.ctx.state === 'suspended') this.ctx.resume();
    if (this.offset >= this.buffer.duration - 0.01) this.offset = 0;
    const src = this.ctx.createBufferSource();
    src.buffer = this.buffer;
    src.connect(this.ctx.destination);
    const stopAt = this.selection ? (this.selection.endMs - this.win.startMs) / 1000 : null;
    if (this.selection && (this.offset * 1000 < this.selection.startMs - this.win.startMs || this.offset * 1000 >= this.selection.endMs - this.win.startMs)) {
      this.offset = (this.selection.startMs - this.win.startMs) / 1000;
    }
    src.start(0, this.offset, stopAt ? Math.max(0.01, stopAt - this.offset) : undefined);
    this.startedAt = this.ctx.currentTime;
    this.source = src;
    this.playing = true;
    src.onended = () => {
      if (this.source !== src) return;
      this.offset = this.position();
      this.playing = false;
      this.source = null;
      this.onTime(this.offset, false);
      this.renderOverlay();
    };
    const tick = () => {
      if (!this.playing) return;
      this.renderCursor();
      this.onTime(this.position(), true);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    this.onTime(this.offset, true);
  }

  pause() {
    if (!this.playing) return;
    this.offset = this.position();
    this.stop();
    this.onTime(this.offset, false);
  }

  stop() {
    if (this.source) {
      const s = this.source;
      this.source = null;
      try { s.stop(); } catch { /* already stopped */ }
    }
    this.playing = false;
  }

  seek(seconds) {
    const wasPlaying = this.playing;
    this.stop();
    this.offset = Math.max(0, Math.min(seconds, this.buffer ? this.buffer.duration : 15));
    this.renderCursor();
    this.onTime(this.offset, false);
    if (wasPlaying) this.play();
  }

  draw() {
    if (!this.buffer) return;
    const dpr = window.devicePixelRatio || 1;
    const width = Math.max(300, Math.floor(this.root.clientWidth * dpr));
    this.drawWave(width, Math.floor(120 * dpr));
    this.drawSpec(width, Math.floor(160 * dpr));
    this.renderOverlay();
  }

  drawWave(w, h) {
    const c = this.wave;
    c.width = w;
    c.height = h;
    const g = c.getContext('2d');
    g.fillStyle = '#0f172a';
    g.fillRect(0, 0, w, h);
    const data = this.buffer.getChannelData(0);
    const per = data.length / w;
    const mid = h / 2;
    // Quiet sounds would be a flat line: scale the drawing (not the audio) so the window's peak
    // fills 90 % of the height, and say so. Loudness itself is what the day chart shows.
    let peak = 0;
    for (let i = 0; i < data.length; i++) {
      const a = Math.abs(data[i]);
      if (a > peak) peak = a;
    }
    const gain = peak > 0 ? Math.min(32, 0.9 / peak) : 1;
    g.strokeStyle = 'rgba(148,163,184,.25)';
    g.beginPath(); g.moveTo(0, mid); g.lineTo(w, mid); g.stroke();
    g.fillStyle = '#60a5fa';
    for (let x = 0; x < w; x++) {
      let lo = 1, hi = -1;
      const from = Math.floor(x * per), to = Math.min(data.length, Math.floor((x + 1) * per));
      for (let i = from; i < to; i++) {
        const v = data[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi < lo) continue;
      const y1 = mid - hi * gain * mid, y2 = mid - lo * gain * mid;
      g.fillRect(x, y1, 1, Math.max(1, y2 - y1));
    }
    // second ticks
    g.fillStyle = 'rgba(226,232,240,.7)';
    g.font = `${Math.round(10 * (window.devicePixelRatio || 1))}px system-ui`;
    if (gain > 1.05) {
      const label = `waveform ×${gain < 10 ? gain.toFixed(1) : Math.round(gain)}`;
      g.fillText(label, w - g.measureText(label).width - 6, 14 * (window.devicePixelRatio || 1));
    }
    const secs = this.durationMs / 1000;
    for (let s = 1; s < secs; s++) {
      const x = (s / secs) * w;
      g.fillRect(x, h - 6, 1, 6);
      if (s % 3 === 0) g.fillText(`${s}s`, x + 3, h - 4);
    }
  }

  drawSpec(w, h) {
    const c = this.spec;
    c.width = w;
    c.height = h;
    const g = c.getContext('2d');
    const data = this.buffer.getChannelData(0);
    const rate = this.buffer.sampleRate;
    const bins = FFT_SIZE / 2;
    const maxBin = Math.min(bins, Math.ceil(MAX_FREQ / (rate / FFT_SIZE)));
    const img = g.createImageData(w, h);
    const re = new Float32Array(FFT_SIZE), im = new Float32Array(FFT_SIZE);
    const hann = new Float32Array(FFT_SIZE).map((_, i) => 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (FFT_SIZE - 1)));
    const hop = data.length / w;
    const col = new Float32Array(maxBin);
    for (let x = 0; x < w; x++) {
      const start = Math.floor(x * hop + hop / 2 - FFT_SIZE / 2);
      let energy = 0;
      for (let i = 0; i < FFT_SIZE; i++) {
        const v = data[start + i] || 0;
        re[i] = v * hann[i];
        im[i] = 0;
        energy += v * v;
      }
      if (energy === 0) {
        col.fill(0);
      } else {
        fft(re, im);
        for (let b = 0; b < maxBin; b++) {
          const mag = Math.sqrt(re[b] * re[b] + im[b] * im[b]) / (FFT_SIZE / 4);
          const db = 20 * Math.log10(mag + 1e-9);
          col[b] = (db + 90) / 75; // -90 dB .. -15 dB
        }
      }
      for (let y = 0; y < h; y++) {
        const b = Math.min(maxBin - 1, Math.floor(((h - 1 - y) / h) * maxBin));
        const [r, gg, bb] = colour(col[b]);
        const o = (y * w + x) * 4;
        img.data[o] = r; img.data[o + 1] = gg; img.data[o + 2] = bb; img.data[o + 3] = 255;
      }
    }
    g.putImageData(img, 0, 0);
    g.fillStyle = 'rgba(255,255,255,.75)';
    g.font = `${Math.round(10 * (window.devicePixelRatio || 1))}px system-ui`;
    const topHz = maxBin * rate / FFT_SIZE;
    for (const khz of [2, 4, 6, 8, 10]) {
      if (khz * 1000 > topHz) break;
      const y = h - (khz * 1000 / topHz) * h;
      g.fillRect(0, y, 6, 1);
      g.fillText(`${khz} kHz`, 8, y + 4);
    }
  }

  renderOverlay() {
    if (!this.win) return;
    const o = this.overlay;
    o.replaceChildren();
    for (const gap of this.win.gaps || []) {
      const d = document.createElement('div');
      d.className = 'gap';
      d.style.left = this.pct(gap.startMs) + '%';
      d.style.width = (this.pct(gap.endMs) - this.pct(gap.startMs)) + '%';
      d.title = `gap: no audio was uploaded (${((gap.endMs - gap.startMs) / 1000).toFixed(1)} s of silence)`;
      const label = document.createElement('span');
      label.textContent = 'gap';
      d.appendChild(label);
      o.appendChild(d);
    }
    const centre = document.createElement('div');
    centre.className = 'centre';
    centre.style.left = '50%';
    o.appendChild(centre);
    const visible = this.annotations.filter(a => a.endMs > this.win.startMs && a.startMs < this.win.endMs);
    const { lane, count } = MacroView.lanes(visible);
    for (const a of visible) {
      const d = document.createElement('div');
      const i = lane.get(a.id);
      d.className = 'annot' + (a.id === this.selected ? ' selected' : '');
      d.dataset.annotation = String(a.id);
      const left = Math.max(0, this.pct(a.startMs));
      d.style.left = left + '%';
      d.style.width = (Math.min(100, this.pct(a.endMs)) - left) + '%';
      d.style.top = (i / count) * 100 + '%';
      d.style.bottom = ((count - i - 1) / count) * 100 + '%';
      const col = this.tagColour(a.tagId);
      d.style.borderColor = col;
      d.style.background = col + '40';
      d.title = `${this.tagName(a.tagId)} (click to change or remove)`;
      const label = document.createElement('span');
      label.textContent = this.tagName(a.tagId);
      d.appendChild(label);
      d.addEventListener('pointerdown', ev => ev.stopPropagation());
      d.addEventListener('click', ev => { ev.stopPropagation(); this.onAnnotationClick(a); });
      o.appendChild(d);
    }
    if (this.selection) {
      const s = document.createElement('div');
      s.className = 'selection';
      s.style.left = this.pct(this.selection.startMs) + '%';
      s.style.width = (this.pct(this.selection.endMs) - this.pct(this.selection.startMs)) + '%';
      o.appendChild(s);
    }
    const cur = document.createElement('div');
    cur.className = 'cursor';
    this.cursorEl = cur;
    o.appendChild(cur);
    this.renderCursor();
  }

  renderCursor() {
    if (!this.cursorEl || !this.win) return;
    this.cursorEl.style.left = ((this.position() * 1000) / this.durationMs) * 100 + '%';
  }
}
