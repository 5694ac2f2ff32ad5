// The annotator's shared state and look-ups, handed to each of its views (counts, day chart,
// 15 s window, window detections, annotation editor) by the coordinating entry (annotator.js).
import { hubDay } from '../common.js';

export function createContext() {
  const state = {
    devices: [], tags: [], from: null, to: null, deviceId: null,
    day: null, segments: [], dayAnnots: [], dayEpisodes: [], macro: null, selectedAnnot: null, selection: null,
    zoom: null, // {min, max} in epoch seconds while the day chart is zoomed in
    dayRange: null, // {startMs, endMs} of the day shown: the hub's day, 23 to 25 hours
  };
  return {
    state,
    $: id => document.getElementById(id),
    tagIndex: id => state.tags.findIndex(t => t.id === id),
    deviceIndex: id => state.devices.findIndex(d => d.id === id),
    deviceName: id => (state.devices.find(d => d.id === id) || { name: `device ${id}` }).name,
    /** '?deviceId=…' / '&deviceId=…' when one device is chosen, else ''. */
    deviceQuery: prefix => (state.deviceId ? `${prefix}deviceId=${state.deviceId}` : ''),
    /** The newest day there can be data for (the hub's day): ] and the next-day button stop here. */
    today: () => hubDay(Date.now()),
  };
}
