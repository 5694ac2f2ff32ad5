/** Deterministic demo audio for the quickstart, tests and benchmarks. */
package io.buddybork.edge.demo;
