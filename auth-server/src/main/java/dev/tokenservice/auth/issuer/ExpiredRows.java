package dev.tokenservice.auth.issuer;

/**
 * A feature's rows that can no longer be used once they have expired. One scheduled job deletes them
 * all, hourly, on one node at a time; implementations only say what to delete.
 */
public interface ExpiredRows {

	/** A short name for the log, such as {@code login-session}. */
	String name();

	/** Deletes the rows that expired before {@code now}; returns how many were deleted. */
	int purge(java.time.Instant now);

}
