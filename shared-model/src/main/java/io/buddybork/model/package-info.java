/** The edge/hub contract: segment format, naming and amplitude measures (Java 17, no frameworks). */
package io.buddybork.model;
