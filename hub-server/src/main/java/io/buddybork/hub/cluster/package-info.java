/**
 * What several hubs on one PostgreSQL database share at run time, through that database only:
 * messages between hubs ({@link io.buddybork.hub.cluster.ClusterBus}, PostgreSQL
 * {@code LISTEN}/{@code NOTIFY}, delivered to the other hubs as {@link
 * io.buddybork.hub.cluster.ClusterMessage} CDI events) and one runner at a time for cluster-wide
 * jobs ({@link io.buddybork.hub.cluster.ExclusiveAcrossHubs}, a PostgreSQL advisory lock). A single
 * hub uses the same code and needs no setting: it simply never hears from another hub.
 *
 * <p>Depends on {@code db} only; features depend on this package, never the other way round.
 */
package io.buddybork.hub.cluster;
