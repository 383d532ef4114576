package dev.tokenservice.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that run against the real PostgreSQL of {@link PostgresTestDatabase}. Where it cannot
 * be reached they are skipped with a reason, except under CI ({@code CI} set), where they fail.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(PostgresAvailableCondition.class)
public @interface RequiresPostgres {

}
