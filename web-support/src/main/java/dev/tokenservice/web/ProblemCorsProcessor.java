package dev.tokenservice.web;

import java.io.IOException;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/** Spring's CORS checks, with the refusal as a problem document rather than a plain-text 403. */
public class ProblemCorsProcessor extends DefaultCorsProcessor {

	private final JsonMapper jsonMapper;

	public ProblemCorsProcessor(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	protected void rejectRequest(ServerHttpResponse response) throws IOException {
		response.setStatusCode(HttpStatus.FORBIDDEN);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
				"Cross-origin requests from this origin are not allowed");
		response.getBody().write(this.jsonMapper.writeValueAsBytes(problem));
		response.flush();
	}

}
