package dev.tokenservice.auth;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The auth server's layers, bottom to top: {@code issuer} (what every feature shares), the features
 * (users, clients, keys, token, authorization, session, login, admin), {@code web} (this server's web
 * infrastructure), and the wiring ({@code config}, {@code cli}, the application class). Dependencies
 * point down only; among the features they form no cycle.
 */
@AnalyzeClasses(packages = "dev.tokenservice.auth", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String AUTH = "dev.tokenservice.auth..";

	private static final String ISSUER = "dev.tokenservice.auth.issuer..";

	private static final String WEB = "dev.tokenservice.auth.web..";

	private static final String CONFIG = "dev.tokenservice.auth.config..";

	private static final String CLI = "dev.tokenservice.auth.cli..";

	/** Every package below the wiring and beside web and issuer: a new feature package is one too. */
	private static final DescribedPredicate<JavaClass> FEATURES = resideInAPackage(AUTH)
		.and(DescribedPredicate.not(resideInAnyPackage(ISSUER, WEB, CONFIG, CLI, "dev.tokenservice.auth")))
		.as("reside in a feature package of the auth server");

	@ArchTest
	static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.tokenservice.auth.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule issuerDependsOnNoOtherAuthPackage = noClasses().that()
		.resideInAPackage(ISSUER)
		.should()
		.dependOnClassesThat(resideInAPackage(AUTH).and(DescribedPredicate.not(resideInAPackage(ISSUER)))
			.as("reside in another package of the auth server"));

	@ArchTest
	static final ArchRule featuresDependOnNeitherConfigNorCliNorWeb = noClasses().that(FEATURES)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(CONFIG, CLI, WEB);

	@ArchTest
	static final ArchRule webDependsOnNoFeature = noClasses().that()
		.resideInAPackage(WEB)
		.should()
		.dependOnClassesThat(FEATURES);

	@ArchTest
	static final ArchRule onlyConfigCliAndTheApplicationDependOnConfig = classes().that()
		.resideInAPackage(CONFIG)
		.should()
		.onlyHaveDependentClassesThat()
		.resideInAnyPackage(CONFIG, CLI, "dev.tokenservice.auth");

}
