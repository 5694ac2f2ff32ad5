/**
 * The shape of the hub's HTTP API as a whole: which paths are the JSON API and which of them a
 * device token opens. Depends on no other package, so authentication, refusals, admission and
 * ingest can all ask it without depending on each other.
 */
package io.buddybork.hub.api;
