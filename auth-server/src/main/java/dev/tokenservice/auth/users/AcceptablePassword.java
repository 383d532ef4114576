package dev.tokenservice.auth.users;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The password of a {@link PasswordWithEmail} satisfies the {@link PasswordPolicy}. A constraint on the
 * whole request (the policy needs the email) reported on the {@code password} field, so a sign-up with a
 * bad email and a weak password hears about both at once.
 */
@Documented
@Constraint(validatedBy = AcceptablePasswordValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface AcceptablePassword {

	String message() default "is not an acceptable password";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
