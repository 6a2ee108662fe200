@sample
Feature: Slow B

  Scenario: Slow B takes a while
    Given the scenario takes 1500 ms
