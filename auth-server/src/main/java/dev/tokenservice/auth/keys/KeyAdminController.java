package dev.tokenservice.auth.keys;

import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.RSAKey;
import dev.tokenservice.auth.audit.SecurityEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.tokenservice.web.OpenApiProblems;

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
@Tag(name = "admin: keys", description = "The signing key ring (role admin); never any key material")
@SecurityRequirement(name = OpenApiProblems.BEARER)
class KeyAdminController {

	private static final Logger logger = LoggerFactory.getLogger(KeyAdminController.class);

	private final KeyRingService keyRing;

	KeyAdminController(KeyRingService keyRing) {
		this.keyRing = keyRing;
	}

	@Operation(summary = "The keys of the ring and their states")
	@GetMapping
	List<KeyView> list() {
		return this.keyRing.keys();
	}

	@Operation(summary = "Rotate: the next key signs, a new next key is published")
	@ApiResponse(responseCode = "200", description = "The ring after the rotation")
	@ApiResponse(responseCode = "409", description = "Too early: the next key is not yet published long enough "
			+ "(`earliest`, `Retry-After`); `force=true` rotates anyway")
	@PostMapping("/rotate")
	List<KeyView> rotate(@RequestParam(defaultValue = "false") boolean force, @AuthenticationPrincipal Jwt admin) {
		logger.info("Admin {} rotates the signing keys{}", admin.getSubject(), force ? " (forced)" : "");
		this.keyRing.rotate(force, SecurityEvents.user(admin.getSubject()));
		return this.keyRing.keys();
	}

	@Operation(summary = "Revoke a key: it leaves the JWKS and nothing it signed is honoured")
	@ApiResponse(responseCode = "200", description = "The ring after the revocation")
	@ApiResponse(responseCode = "404", description = "The ring has no such key")
	@ApiResponse(responseCode = "409", description = "The key is the active one and the next may not sign yet")
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
	@Operation(summary = "Re-seal every private key under the current key-encryption key (one transaction)")
	@ApiResponse(responseCode = "200", description = "How many keys were re-sealed: {\"rewrapped\": n}")
	@ApiResponse(responseCode = "409", description = "A key opens with none of the configured key-encryption keys; "
			+ "nothing was re-sealed")
	@PostMapping("/rewrap")
	Map<String, Integer> rewrap(@AuthenticationPrincipal Jwt admin) {
		logger.info("Admin {} re-seals the private keys under the current key-encryption key", admin.getSubject());
		int rewrapped = this.keyRing.rewrap(SecurityEvents.user(admin.getSubject()));
		return Map.of("rewrapped", rewrapped);
	}

	/** A PEM RSA private key (PKCS#8 or PKCS#1) becomes the next key, named by its thumbprint. */
	@Operation(summary = "Import a PEM RSA private key (PKCS#8 or PKCS#1) as the next key")
	@ApiResponse(responseCode = "201", description = "The imported key, named by its thumbprint")
	@ApiResponse(responseCode = "400", description = "Not a PEM RSA private key of an accepted size")
	@ApiResponse(responseCode = "409", description = "The ring already has this key")
	@PostMapping(path = "/import", consumes = { "application/x-pem-file", "application/pkcs8", "text/plain" })
	ResponseEntity<KeyView> importKey(@RequestBody String pem, @AuthenticationPrincipal Jwt admin) {
		RSAKey key = KeyImport.read(pem);
		logger.info("Admin {} imports key {}", admin.getSubject(), key.getKeyID());
		String imported = this.keyRing.importKey(key, SecurityEvents.user(admin.getSubject())).kid();
		KeyView view = this.keyRing.keys().stream().filter((k) -> k.kid().equals(imported)).findFirst().orElseThrow();
		return ResponseEntity.status(HttpStatus.CREATED).body(view);
	}

}
