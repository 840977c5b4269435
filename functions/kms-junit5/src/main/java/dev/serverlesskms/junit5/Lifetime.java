package dev.serverlesskms.junit5;

/** How long one server lives: for all tests of a class, or for one test method. */
public enum Lifetime {
  /** One server for the test class (started before its first test, stopped after its last). */
  PER_CLASS,
  /** A fresh server, with an empty data directory, for every test method. */
  PER_TEST
}
