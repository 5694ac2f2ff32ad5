package io.buddybork.hub.detect;

/**
 * CDI event fired after a change of the active model has committed: a model was activated
 * ({@code modelId} set), or the active one was deactivated or deleted ({@code modelId} null).
 * Live detection observes it to switch models without a restart. Declared here, by its observer,
 * because the model library (which fires it) also shows live detection's precision: {@code model}
 * depends on {@code detect}, never the other way round.
 */
public record ActiveModelChanged(Long modelId) {}
