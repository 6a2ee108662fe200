@sample
Feature: Slow A

  Scenario: Slow A takes a while
    Given the scenario takes 1500 ms
