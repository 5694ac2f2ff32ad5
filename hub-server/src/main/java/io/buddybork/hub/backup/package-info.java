/**
 * Backup, restore and verify of everything the hub cannot regenerate (raw audio, database, models,
 * session key), run as commands of the hub jar ({@link io.buddybork.hub.backup.HubMain}), and the
 * optional scheduled backup inside the running hub.
 */
package io.buddybork.hub.backup;
