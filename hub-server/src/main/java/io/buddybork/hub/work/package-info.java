/**
 * Scaling out: the node's roles ({@code BUDDYBORK_ROLES}) and the work queue that carries segments
 * to score and jobs to run, in process by default or over RabbitMQ ({@code BUDDYBORK_BROKER_URL}).
 */
package io.buddybork.hub.work;
