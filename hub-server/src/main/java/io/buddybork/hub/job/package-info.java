/**
 * Background jobs that survive a restart and may run on any node with the right role: a state
 * enum, a persisted row with a lease, cancel through the row, dispatch in process or over the work
 * queue. Training ({@code model}) and re-detect ({@code detect}) jobs build on it.
 */
package io.buddybork.hub.job;
