package dev.tokenservice.auth.browser;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * SAS's consent page ({@code consentPage}): the app's name and what it asks for, in words, with approve
 * and deny. Both post back to the authorization endpoint with the consent {@code state}; approve
 * sends the requested scopes, deny sends none, which SAS answers with {@code access_denied} at the
 * redirect URI. Scopes the user approved before are listed as such.
 */
@Hidden
@Controller
class ConsentController {

	static final String PATH = "/oauth2/consent";

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationConsentService consents;

	private final BrowserPages pages;

	ConsentController(RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents,
			BrowserPages pages) {
		this.clients = clients;
		this.consents = consents;
		this.pages = pages;
	}

	record Scope(String name, String words) {
	}

	@GetMapping(PATH)
	ModelAndView consent(Principal principal, @RequestParam(name = "client_id", required = false) String clientId,
			@RequestParam(required = false) String scope, @RequestParam(required = false) String state,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		RegisteredClient client = StringUtils.hasText(clientId) ? this.clients.findByClientId(clientId) : null;
		if (client == null || !StringUtils.hasText(state)) {
			// only SAS sends people here, with all three; anything else is a stale or made-up link
			this.pages.error(request, response, HttpStatus.BAD_REQUEST, "This consent request is not valid",
					"Go back to the app and sign in again.");
			return null;
		}
		OAuth2AuthorizationConsent existing = this.consents.findById(client.getId(), principal.getName());
		Set<String> approved = (existing != null) ? existing.getScopes() : Set.of();
		Set<String> requested = new LinkedHashSet<>(
				StringUtils.hasText(scope) ? List.of(StringUtils.delimitedListToStringArray(scope, " ")) : List.of());
		List<Scope> toApprove = new ArrayList<>();
		List<Scope> approvedBefore = new ArrayList<>();
		for (String name : requested) {
			if (!StringUtils.hasText(name)) {
				continue;
			}
			Scope described = new Scope(name, ScopeDescriptions.of(name));
			if (approved.contains(name) || OidcScopes.OPENID.equals(name)) {
				approvedBefore.add(described);
			}
			else {
				toApprove.add(described);
			}
		}
		return new ModelAndView("consent",
				Map.of("clientId", client.getClientId(), "clientName", client.getClientName(), "state", state,
						"toApprove", toApprove, "approvedBefore", approvedBefore));
	}

}
