package dev.tokenservice.auth.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.tokenservice.keys.KeyEncryptionKey;
import dev.tokenservice.keys.KeyEncryptionKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the key-encryption key. Only the embedded database may run without an operator-given KEK:
 * there one is generated next to the data it protects, which is convenient and no weaker than the
 * file database itself. On a shared database a generated KEK would differ per node and be lost with
 * the container, so startup stops instead.
 */
public final class KeyEncryptionKeyProvider {

	private static final Logger logger = LoggerFactory.getLogger(KeyEncryptionKeyProvider.class);

	private KeyEncryptionKeyProvider() {
	}

	/**
	 * The current KEK as {@link #resolve} finds it, and the previous ones of {@code app.keys.previous-keks},
	 * which still open keys sealed before a KEK rotation.
	 */
	public static KeyEncryptionKeys resolveAll(KeysProperties properties, String datasourceUrl, Path dataDir) {
		KeyEncryptionKey current = resolve(properties, datasourceUrl, dataDir);
		List<KeyEncryptionKey> previous = new ArrayList<>();
		for (int i = 0; i < properties.previousKeks().size(); i++) {
			try {
				previous.add(KeyEncryptionKey.fromBase64(properties.previousKeks().get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw new MissingKeyEncryptionKeyException("APP_KEYS_PREVIOUSKEKS_" + i + " (app.keys.previous-keks[" + i
						+ "]) is not base64 of 32 bytes: " + ex.getMessage());
			}
		}
		return new KeyEncryptionKeys(current, previous);
	}

	public static KeyEncryptionKey resolve(KeysProperties properties, String datasourceUrl, Path dataDir) {
		if (properties.hasKek()) {
			try {
				return KeyEncryptionKey.fromBase64(properties.kek().trim());
			}
			catch (IllegalArgumentException ex) {
				throw new MissingKeyEncryptionKeyException(
						"APP_KEYS_KEK (app.keys.kek) is not base64 of 32 bytes: " + ex.getMessage());
			}
		}
		if (datasourceUrl != null && datasourceUrl.startsWith("jdbc:h2:")) {
			return fromFile(dataDir.resolve("kek"));
		}
		throw new MissingKeyEncryptionKeyException(
				"APP_KEYS_KEK (app.keys.kek) is required when the database is not the embedded H2 database");
	}

	private static KeyEncryptionKey fromFile(Path file) {
		try {
			if (Files.exists(file)) {
				return KeyEncryptionKey.fromBase64(Files.readString(file, StandardCharsets.US_ASCII).trim());
			}
			Files.createDirectories(file.getParent());
			KeyEncryptionKey kek = KeyEncryptionKey.generate();
			try {
				Files.createFile(file, PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
			}
			catch (UnsupportedOperationException ex) {
				Files.createFile(file);
			}
			Files.writeString(file, kek.toBase64(), StandardCharsets.US_ASCII);
			logger.warn("No APP_KEYS_KEK set: generated a key-encryption key into {} for the embedded database. "
					+ "Set APP_KEYS_KEK for any shared or production database.", file.toAbsolutePath());
			return kek;
		}
		catch (FileAlreadyExistsException ex) {
			// another process created it between our check and create: use theirs
			return fromFile(file);
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new MissingKeyEncryptionKeyException("Cannot read or create the key-encryption key file " + file
					+ " (" + ex.getClass().getSimpleName() + "); set APP_KEYS_KEK instead");
		}
	}

}
