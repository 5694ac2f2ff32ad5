/** Agent configuration: the picocli command line, its environment/properties-file default provider, validation. */
package io.buddybork.edge.config;
