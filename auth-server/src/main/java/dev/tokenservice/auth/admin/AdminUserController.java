package dev.tokenservice.auth.admin;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.tokenservice.auth.audit.SecurityEvents;
import dev.tokenservice.auth.browser.BrowserSessions;
import dev.tokenservice.auth.session.RefreshTokenService;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserAccountRepository;
import dev.tokenservice.auth.users.UserNotFoundException;
import dev.tokenservice.auth.users.UserService;
import dev.tokenservice.auth.users.UserView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;
import dev.tokenservice.web.OpenApiProblems;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
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

/** User administration; {@code SecurityConfig} lets only role {@code admin} in. */
@RestController
@RequestMapping("/api/admin/users")
@Tag(name = "admin: users", description = "User administration (role admin)")
@SecurityRequirement(name = OpenApiProblems.BEARER)
class AdminUserController {

	private static final Logger logger = LoggerFactory.getLogger(AdminUserController.class);

	private final UserAccountRepository accounts;

	private final UserService users;

	private final RefreshTokenService sessions;

	private final BrowserSessions browserSessions;

	AdminUserController(UserAccountRepository accounts, UserService users, RefreshTokenService sessions,
			BrowserSessions browserSessions) {
		this.accounts = accounts;
		this.users = users;
		this.sessions = sessions;
		this.browserSessions = browserSessions;
	}

	@Operation(summary = "List the users, by email, a page at a time")
	@GetMapping
	PagedModel<UserView> list(@ParameterObject Pageable pageable) {
		// sorted by email only: a client-chosen sort could name the password hash column
		Pageable byEmail = PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), Sort.by("email"));
		return new PagedModel<>(this.accounts.findAll(byEmail).map(UserView::of));
	}

	@Operation(summary = "Set a user's roles (user, admin)")
	@PutMapping("/{id}/roles")
	UserView setRoles(@PathVariable String id, @Valid @RequestBody RolesRequest request,
			@AuthenticationPrincipal Jwt admin) {
		UserAccount account = this.users.setRoles(id, new LinkedHashSet<>(request.roles()),
				SecurityEvents.user(admin.getSubject()));
		logger.info("Admin {} set roles of user {} to {}", admin.getSubject(), id, account.roles());
		return UserView.of(account);
	}

	@Operation(summary = "Disable a user and end all of their sessions")
	@PostMapping("/{id}/disable")
	UserView disable(@PathVariable String id, @AuthenticationPrincipal Jwt admin) {
		// the flag and its audit row in one transaction; then the sessions end (no row of their own)
		UserAccount account = this.users.setEnabled(id, false, SecurityEvents.user(admin.getSubject()));
		this.sessions.revokeAllOf(id, "disabled", null);
		// and the browser's login at this server: enabled again, the user signs in again
		this.browserSessions.endAllOf(id);
		logger.info("Admin {} disabled user {}", admin.getSubject(), id);
		return UserView.of(account);
	}

	@Operation(summary = "Enable a user again")
	@PostMapping("/{id}/enable")
	UserView enable(@PathVariable String id, @AuthenticationPrincipal Jwt admin) {
		UserAccount account = this.users.setEnabled(id, true, SecurityEvents.user(admin.getSubject()));
		logger.info("Admin {} enabled user {}", admin.getSubject(), id);
		return UserView.of(account);
	}

	@Operation(summary = "End all sessions of a user (refresh tokens and browser logins)")
	@ApiResponse(responseCode = "204", description = "Every session ended")
	@DeleteMapping("/{id}/sessions")
	ResponseEntity<Void> revokeSessions(@PathVariable String id, @AuthenticationPrincipal Jwt admin) {
		this.users.find(id).orElseThrow(UserNotFoundException::new);
		this.sessions.revokeAllOf(id, "admin", SecurityEvents.user(admin.getSubject()));
		// and the browser's login at this server, or the next authorization request would start new ones
		this.browserSessions.endAllOf(id);
		logger.info("Admin {} revoked all sessions of user {}", admin.getSubject(), id);
		return ResponseEntity.noContent().build();
	}

	record RolesRequest(@NotNull @Size(max = 10) Set<@Pattern(regexp = "user|admin",
			message = "must be user or admin") String> roles) {
	}

}
