/** The model builder and model library: training jobs, model files indexed by the {@code model} table, the active model. */
package io.buddybork.hub.model;
