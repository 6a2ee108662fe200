@sample
Feature: Queueing

  Scenario: Queueing does not count against the limit
    Given the scenario queues for 2500 ms

  Scenario: Working still does
    Given the scenario takes 2500 ms
