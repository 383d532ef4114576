package dev.tokenservice.auth.users;

/**
 * An account set up from configuration.
 *
 * @param account the account as saved
 * @param created whether it was created now (otherwise it existed and was updated)
 * @param passwordReplaced whether an existing account's password was replaced by the configured one
 */
public record ProvisionedUser(UserAccount account, boolean created, boolean passwordReplaced) {

}
