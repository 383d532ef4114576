package dev.tokenservice.auth.issuer;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Local storage ({@code app.storage.*}).
 *
 * @param dataDir where the embedded H2 database and its generated KEK live
 */
@ConfigurationProperties("app.storage")
public record StorageProperties(@DefaultValue("./data") Path dataDir) {

}
