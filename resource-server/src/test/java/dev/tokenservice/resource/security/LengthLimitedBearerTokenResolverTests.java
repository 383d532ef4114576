package dev.tokenservice.resource.security;

import java.util.function.Supplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast path answers exactly what Spring's resolver answers, or leaves the request to it. */
class LengthLimitedBearerTokenResolverTests {

	private final LengthLimitedBearerTokenResolver resolver = new LengthLimitedBearerTokenResolver(4096,
			TokenMetrics.unregistered());

	private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();

	@ParameterizedTest
	@ValueSource(strings = { "Bearer abc.DEF-ghi_~+/", "bearer abc", "BEARER abc==", "Bearer abc=", "Bearer ", "Bearer",
			"Bearer a=b", "Bearer  abc", "Bearer abc ", "Bearer a%b", "Basic abc", "Bearerabc", "Bearer ===",
			"Bearer abc\tdef", "" })
	void answersAsSpringDoes(String header) {
		for (String query : new String[] { null, "access_token=xyz", "a=b" }) {
			MockHttpServletRequest request = request(header, query);
			assertThat(outcome(() -> this.resolver.resolve(request)))
				.as("%s with query %s", header, query)
				.isEqualTo(outcome(() -> this.spring.resolve(request(header, query))));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer abc.def", "bearer abc==" })
	void aPlainHeaderIsAnsweredWithoutSpringsResolver(String header) {
		assertThat(LengthLimitedBearerTokenResolver.plainHeaderToken(request(header, null)))
			.isEqualTo(header.substring(7));
		assertThat(LengthLimitedBearerTokenResolver.plainHeaderToken(request(header, "x=1"))).isNull();
	}

	private static MockHttpServletRequest request(String header, String query) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/people/1");
		if (!header.isEmpty()) {
			request.addHeader("Authorization", header);
		}
		if (query != null) {
			request.setQueryString(query);
			String[] pair = query.split("=", 2);
			request.addParameter(pair[0], pair[1]);
		}
		return request;
	}

	private static String outcome(Supplier<String> resolve) {
		try {
			return "token " + resolve.get();
		}
		catch (OAuth2AuthenticationException ex) {
			return "refused " + ex.getError().getErrorCode() + " " + ex.getError().getDescription();
		}
	}

}
