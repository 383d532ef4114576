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

	@GetMapping
	PagedModel<UserView> list(Pageable pageable) {
		// sorted by email only: a client-chosen sort could name the password hash column
		Pageable byEmail = PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), Sort.by("email"));
		return new PagedModel<>(this.accounts.findAll(byEmail).map(UserView::of));
	}

	@PutMapping("/{id}/roles")
	UserView setRoles(@PathVariable String id, @Valid @RequestBody RolesRequest request,
			@AuthenticationPrincipal Jwt admin) {
		UserAccount account = this.users.setRoles(id, new LinkedHashSet<>(request.roles()),
				SecurityEvents.user(admin.getSubject()));
		logger.info("Admin {} set roles of user {} to {}", admin.getSubject(), id, account.roles());
		return UserView.of(account);
	}

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

	@PostMapping("/{id}/enable")
	UserView enable(@PathVariable String id, @AuthenticationPrincipal Jwt admin) {
		UserAccount account = this.users.setEnabled(id, true, SecurityEvents.user(admin.getSubject()));
		logger.info("Admin {} enabled user {}", admin.getSubject(), id);
		return UserView.of(account);
	}

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
