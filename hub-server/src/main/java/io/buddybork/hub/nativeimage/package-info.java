/**
 * Native-image readiness: the reflection, serialisation and resource registrations a GraalVM/Mandrel
 * build of the hub needs, and the startup probe of optional native libraries (OpenBLAS, ONNX
 * Runtime) that puts the hub in a clearly logged degraded mode instead of a crash.
 */
package io.buddybork.hub.nativeimage;
