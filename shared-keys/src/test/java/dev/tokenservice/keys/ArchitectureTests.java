package dev.tokenservice.keys;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The key library is plain Java (JDK, Nimbus JOSE, BouncyCastle): the command line, tests and any
 * service can use its rules without a Spring context, and it knows nothing of the servers.
 */
@AnalyzeClasses(packages = "dev.tokenservice.keys", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule importsNoSpring = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("org.springframework..");

	@ArchTest
	static final ArchRule knowsNoServer = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("dev.tokenservice.auth..", "dev.tokenservice.resource..", "dev.tokenservice.web..");

}
