@smoke @wiring
Feature: The suite is wired to Reqnroll
  Proves that the feature files run as NUnit tests through Reqnroll's runtime, with a scenario context and
  living-documentation reports. The real journeys replace it.

  Scenario: A scenario runs with its own context
    Given the suite has started a scenario
    Then the scenario knows its own title
