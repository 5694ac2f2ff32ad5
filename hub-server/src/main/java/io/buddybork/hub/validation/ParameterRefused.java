package io.buddybork.hub.validation;

import io.buddybork.model.wire.ApiProblem;

/**
 * A request refused because a parameter did not read as its type ({@link MalformedParameter}),
 * announced synchronously before the answer goes out, for features that count their refusals (ingest
 * counts refused uploads). {@code path} is the request's path, decoded; {@code method} its HTTP method.
 */
public record ParameterRefused(String method, String path, ApiProblem problem) {}
