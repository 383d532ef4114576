package dev.tokenservice.auth.users;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Created by Spring's constraint-validator factory, which injects the policy. */
class AcceptablePasswordValidator implements ConstraintValidator<AcceptablePassword, PasswordWithEmail> {

	private final PasswordPolicy policy;

	AcceptablePasswordValidator(PasswordPolicy policy) {
		this.policy = policy;
	}

	@Override
	public boolean isValid(PasswordWithEmail request, ConstraintValidatorContext context) {
		if (request == null || request.password() == null) {
			// @NotNull on the field reports a missing password
			return true;
		}
		return this.policy.problem(request.password(), request.email()).map((problem) -> {
			context.disableDefaultConstraintViolation();
			// the policy's messages are plain text: escape what the interpolator would read as expressions
			context.buildConstraintViolationWithTemplate(problem.replaceAll("([{}$\\\\])", "\\\\$1"))
				.addPropertyNode("password")
				.addConstraintViolation();
			return false;
		}).orElse(true);
	}

}
