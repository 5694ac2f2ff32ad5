package io.buddybork.hub.problem;

import java.util.Optional;

/**
 * Pages for people that stand in for a refusal when a browser asks outside the JSON API. The web
 * layer implements it (styled 403 and 404 pages); it is declared here so that turning refusals into
 * answers needs no page code and {@code problem} depends on no feature.
 */
public interface RefusalPages {

    /**
     * The HTML page for {@code status} at {@code path}, or empty when the request does not ask for a
     * page (API paths, clients that do not accept HTML) or there is no page for that status.
     */
    Optional<String> page(int status, String path, String accept);
}
