package dev.tokenservice.resource.people;

/** Hostile input to the people API on the embedded H2 database (the shared test context). */
class HostileInputH2Tests extends HostileInputContract {

}
