/**
 * Bean Validation of request bodies and parameters: the hub's own constraints ({@link
 * io.buddybork.hub.validation.PlausibleMs}), reason codes as constraint payloads ({@link
 * io.buddybork.hub.validation.Reason}), and the mapper that answers a violation with the 400
 * problem a hand-written check would give ({@link io.buddybork.hub.validation.ConstraintProblems}).
 */
package io.buddybork.hub.validation;
