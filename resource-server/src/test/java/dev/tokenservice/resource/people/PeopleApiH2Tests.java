package dev.tokenservice.resource.people;

/** The people API on the embedded H2 database (the shared test context). */
class PeopleApiH2Tests extends PeopleApiContract {

}
