package dev.tokenservice.system.relyingparty;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The relying party's own setting.
 *
 * @param peopleApi base URL of the resource server whose people API the profile page calls
 */
@ConfigurationProperties("relying-party")
record RelyingPartyProperties(URI peopleApi) {

}
