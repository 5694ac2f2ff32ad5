package io.buddybork.hub.model;

/**
 * CDI event fired after a change of the active model has committed: a model was activated
 * ({@code modelId} set), or the active one was deactivated or deleted ({@code modelId} null).
 * Live detection observes it to switch models without a restart.
 */
public record ActiveModelChanged(Long modelId) {}
