/** Agent configuration: properties file, environment and flags, validated. */
package io.buddybork.edge.config;
