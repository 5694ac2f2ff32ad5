/**
 * The hub jar's entry point ({@link io.buddybork.hub.main.HubMain}): starts the hub, or parses and
 * runs the {@code backup}, {@code restore} and {@code verify} commands without booting Quarkus.
 */
package io.buddybork.hub.main;
