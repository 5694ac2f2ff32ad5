/**
 * Backup, restore and verify of everything the hub cannot regenerate (raw audio, database, models,
 * session key), run as commands of the hub jar ({@code io.buddybork.hub.main.HubMain} parses them, {@link io.buddybork.hub.backup.BackupCommands} runs them), and the
 * optional scheduled backup inside the running hub.
 */
package io.buddybork.hub.backup;
