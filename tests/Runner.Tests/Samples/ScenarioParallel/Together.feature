@sample
Feature: Together
  Scenarios of one feature that may run at the same time.

  Scenario: Together one
    Given the scenario takes 1500 ms

  Scenario: Together two
    Given the scenario takes 1500 ms

  Scenario: Together three
    Given the scenario takes 1500 ms

  @serial
  Scenario: Together alone
    Given the scenario takes 400 ms
