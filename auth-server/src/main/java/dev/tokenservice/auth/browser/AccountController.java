package dev.tokenservice.auth.browser;

import java.security.Principal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.tokenservice.auth.audit.SecurityEvents;
import io.swagger.v3.oas.annotations.Hidden;
import dev.tokenservice.auth.users.UserAccount;
import dev.tokenservice.auth.users.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The signed-in person's own pages: who they are, and the apps they let act for them (SAS's remembered
 * consents), each with a Revoke button; a revoked app asks again at its next sign-in.
 */
@Hidden
@Controller
class AccountController {

	static final String ACCOUNT = "/account";

	static final String CONSENTS = "/account/consents";

	private static final Logger logger = LoggerFactory.getLogger(AccountController.class);

	private final UserService users;

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationConsentService consents;

	private final JdbcClient jdbc;

	private final SecurityEvents events;

	private final TransactionOperations transactions;

	AccountController(UserService users, RegisteredClientRepository clients,
			OAuth2AuthorizationConsentService consents, JdbcClient jdbc, SecurityEvents events,
			TransactionOperations transactions) {
		this.events = events;
		this.transactions = transactions;
		this.users = users;
		this.clients = clients;
		this.consents = consents;
		this.jdbc = jdbc;
	}

	record App(String clientId, String name, List<ConsentController.Scope> scopes) {
	}

	@GetMapping(ACCOUNT)
	ModelAndView account(Principal principal) {
		String email = this.users.find(principal.getName()).map(UserAccount::email).orElse("");
		return new ModelAndView("account", Map.of("email", email));
	}

	@GetMapping(CONSENTS)
	ModelAndView consents(Principal principal) {
		// SAS's consent service finds one consent by client and user; the list of a user's is ours to read
		List<String> clientIds = this.jdbc
			.sql("select registered_client_id from oauth2_authorization_consent where principal_name = ?")
			.param(principal.getName())
			.query(String.class)
			.list();
		List<App> apps = clientIds.stream()
			.map((id) -> app(id, principal.getName()))
			.filter((app) -> app != null)
			.sorted(Comparator.comparing(App::name))
			.toList();
		return new ModelAndView("consents", Map.of("apps", apps));
	}

	@PostMapping(CONSENTS + "/revoke")
	String revoke(Principal principal, @RequestParam(name = "client_id", required = false) String clientId) {
		RegisteredClient client = (clientId != null) ? this.clients.findByClientId(clientId) : null;
		OAuth2AuthorizationConsent consent = (client != null)
				? this.consents.findById(client.getId(), principal.getName()) : null;
		if (consent != null) {
			// the consent and its audit row (the user ends what the app may do for them) together
			this.transactions.executeWithoutResult((status) -> {
				this.consents.remove(consent);
				this.events.sessionRevoked(SecurityEvents.user(principal.getName()),
						SecurityEvents.client(client.getClientId()), "consent_revoked");
			});
			logger.info("User {} revoked the consent of client {}", principal.getName(), client.getClientId());
		}
		return "redirect:" + CONSENTS + "?revoked";
	}

	private App app(String registeredClientId, String userId) {
		RegisteredClient client = this.clients.findById(registeredClientId);
		OAuth2AuthorizationConsent consent = this.consents.findById(registeredClientId, userId);
		if (client == null || consent == null) {
			return null;
		}
		return new App(client.getClientId(), client.getClientName(),
				consent.getScopes()
					.stream()
					.sorted()
					.map((scope) -> new ConsentController.Scope(scope, ScopeDescriptions.of(scope)))
					.toList());
	}

}
