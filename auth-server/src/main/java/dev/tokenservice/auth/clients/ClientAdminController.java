package dev.tokenservice.auth.clients;

import java.time.Duration;

import dev.tokenservice.auth.audit.SecurityEvents;
import dev.tokenservice.web.OpenApiProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Client administration; {@code SecurityConfig} lets only role {@code admin} in. A secret appears once, in
 * the answer that made it (creation, rotation); no answer holds a secret's hash.
 */
@RestController
@RequestMapping("/api/admin/clients")
@Tag(name = "admin: clients", description = "Registered clients (role admin); a new secret is shown once")
@SecurityRequirement(name = OpenApiProblems.BEARER)
class ClientAdminController {

	private static final Logger logger = LoggerFactory.getLogger(ClientAdminController.class);

	private final ClientAdministration clients;

	ClientAdminController(ClientAdministration clients) {
		this.clients = clients;
	}

	@Operation(summary = "List the clients, by client id, a page at a time")
	@GetMapping
	PagedModel<ClientView> list(@ParameterObject Pageable pageable) {
		return new PagedModel<>(this.clients.list(PageRequest.of(pageable.getPageNumber(), pageable.getPageSize())));
	}

	@Operation(summary = "Register a client; its generated secret (client_secret_basic/post) is answered once")
	@ApiResponse(responseCode = "201", description = "The client, with `clientSecret` when it uses a secret")
	@ApiResponse(responseCode = "400", description = "A client that cannot work (field in `errors`)")
	@ApiResponse(responseCode = "409", description = "A client with this client id exists")
	@PostMapping
	ResponseEntity<ClientWithSecret> create(@Valid @RequestBody ClientRequest request,
			@AuthenticationPrincipal Jwt admin) {
		ClientWithSecret created = this.clients.create(request, SecurityEvents.user(admin.getSubject()));
		logger.info("Admin {} registered client {}", admin.getSubject(), request.clientId());
		return ResponseEntity.status(HttpStatus.CREATED).body(created);
	}

	@Operation(summary = "One client")
	@ApiResponse(responseCode = "404", description = "No such client")
	@GetMapping("/{clientId}")
	ClientView show(@PathVariable String clientId) {
		return this.clients.find(clientId);
	}

	@Operation(summary = "Replace a client's grant types, scopes, audiences, methods, redirect URIs, lifetime, keys")
	@ApiResponse(responseCode = "200", description = "The client; `clientSecret` only if it now uses a secret "
			+ "and had none")
	@ApiResponse(responseCode = "400", description = "A client that cannot work (field in `errors`)")
	@ApiResponse(responseCode = "404", description = "No such client")
	@PutMapping("/{clientId}")
	ClientWithSecret update(@PathVariable String clientId, @Valid @RequestBody ClientRequest request,
			@AuthenticationPrincipal Jwt admin) {
		ClientWithSecret updated = this.clients.update(clientId, request, SecurityEvents.user(admin.getSubject()));
		logger.info("Admin {} updated client {}", admin.getSubject(), clientId);
		return updated;
	}

	@Operation(summary = "Delete a client (a bootstrap client from app.clients returns at the next start)")
	@ApiResponse(responseCode = "204", description = "Deleted, with its previous secret and authorizations")
	@ApiResponse(responseCode = "404", description = "No such client")
	@DeleteMapping("/{clientId}")
	ResponseEntity<Void> delete(@PathVariable String clientId, @AuthenticationPrincipal Jwt admin) {
		this.clients.delete(clientId, SecurityEvents.user(admin.getSubject()));
		logger.info("Admin {} deleted client {}", admin.getSubject(), clientId);
		return ResponseEntity.noContent().build();
	}

	@Operation(summary = "Disable a client: it gets no more tokens (invalid_client)")
	@ApiResponse(responseCode = "404", description = "No such client")
	@PostMapping("/{clientId}/disable")
	ClientView disable(@PathVariable String clientId, @AuthenticationPrincipal Jwt admin) {
		ClientView disabled = this.clients.disable(clientId, SecurityEvents.user(admin.getSubject()));
		logger.info("Admin {} disabled client {}", admin.getSubject(), clientId);
		return disabled;
	}

	@Operation(summary = "Rotate the secret: the new one is answered once, the previous one works until "
			+ "previousSecretExpiresIn (ISO-8601, default PT1H, at most P7D) from now")
	@ApiResponse(responseCode = "200", description = "The client with the new `clientSecret` and "
			+ "`previousSecretExpiresAt`")
	@ApiResponse(responseCode = "400", description = "previousSecretExpiresIn out of bounds")
	@ApiResponse(responseCode = "404", description = "No such client")
	@ApiResponse(responseCode = "409", description = "The client authenticates without a secret")
	@PostMapping("/{clientId}/secrets")
	ClientWithSecret rotateSecret(@PathVariable String clientId, @RequestBody(required = false) RotationRequest request,
			@AuthenticationPrincipal Jwt admin) {
		Duration overlap = (request != null) ? request.previousSecretExpiresIn() : null;
		ClientWithSecret rotated = this.clients.rotateSecret(clientId, overlap, SecurityEvents.user(admin.getSubject()));
		logger.info("Admin {} rotated the secret of client {}", admin.getSubject(), clientId);
		return rotated;
	}

	/** @param previousSecretExpiresIn ISO-8601 duration, default PT1H, at most P7D; PT0S ends it at once */
	record RotationRequest(Duration previousSecretExpiresIn) {
	}

}
