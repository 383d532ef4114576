package dev.tokenservice.auth.issuer;

/**
 * A feature's rows that are no longer needed after some time: one hourly job (on one node at a time)
 * asks each implementation to delete those that have expired by {@code now}.
 */
public interface ExpiredRows { String name(); int purge(java.time.Instant now); }
