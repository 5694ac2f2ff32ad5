/**
 * The hub's OpenAPI document ({@code /q/openapi}, admins only), the reference of the JSON API:
 * the resources carry {@code @Operation} and the {@code @APIResponse}s of their own refusals;
 * {@link io.buddybork.hub.openapi.ApiDocumentFilter} adds what every route shares (the problem
 * schema, the security schemes, authentication, admission and server-side refusals) once.
 */
package io.buddybork.hub.openapi;
