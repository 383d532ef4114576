package dev.tokenservice.auth.keys;

import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.RSAKey;
import dev.tokenservice.auth.audit.SecurityEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' view of the key ring: list, rotate, revoke, import, rewrap. {@code SecurityConfig} lets only
 * role {@code admin} in. Every answer lists keys as {@link KeyView}s: never any key material.
 */
@RestController
@RequestMapping("/api/admin/keys")
class KeyAdminController {

	private static final Logger logger = LoggerFactory.getLogger(KeyAdminController.class);

	private final KeyRingService keyRing;

	KeyAdminController(KeyRingService keyRing) {
		this.keyRing = keyRing;
	}

	@GetMapping
	List<KeyView> list() {
		return this.keyRing.keys();
	}

	@PostMapping("/rotate")
	List<KeyView> rotate(@RequestParam(defaultValue = "false") boolean force, @AuthenticationPrincipal Jwt admin) {
		logger.info("Admin {} rotates the signing keys{}", admin.getSubject(), force ? " (forced)" : "");
		this.keyRing.rotate(force, SecurityEvents.user(admin.getSubject()));
		return this.keyRing.keys();
	}

	@PostMapping("/{kid}/revoke")
	List<KeyView> revoke(@PathVariable String kid, @AuthenticationPrincipal Jwt admin) {
		logger.info("Admin {} revokes key {}", admin.getSubject(), kid);
		this.keyRing.revoke(kid, SecurityEvents.user(admin.getSubject()));
		return this.keyRing.keys();
	}

	/**
	 * Re-seals every private key under the current key-encryption key, in one transaction; answers how
	 * many keys were re-sealed. Afterwards the previous KEKs can be removed.
	 */
	@PostMapping("/rewrap")
	Map<String, Integer> rewrap(@AuthenticationPrincipal Jwt admin) {
		logger.info("Admin {} re-seals the private keys under the current key-encryption key", admin.getSubject());
		int rewrapped = this.keyRing.rewrap(SecurityEvents.user(admin.getSubject()));
		return Map.of("rewrapped", rewrapped);
	}

	/** A PEM RSA private key (PKCS#8 or PKCS#1) becomes the next key, named by its thumbprint. */
	@PostMapping(path = "/import", consumes = { "application/x-pem-file", "application/pkcs8", "text/plain" })
	ResponseEntity<KeyView> importKey(@RequestBody String pem, @AuthenticationPrincipal Jwt admin) {
		RSAKey key = KeyImport.read(pem);
		logger.info("Admin {} imports key {}", admin.getSubject(), key.getKeyID());
		String imported = this.keyRing.importKey(key, SecurityEvents.user(admin.getSubject())).kid();
		KeyView view = this.keyRing.keys().stream().filter((k) -> k.kid().equals(imported)).findFirst().orElseThrow();
		return ResponseEntity.status(HttpStatus.CREATED).body(view);
	}

}
