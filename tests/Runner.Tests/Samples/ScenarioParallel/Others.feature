@sample
Feature: Others

  Scenario: Others one
    Given the scenario takes 1500 ms

  Scenario: Others two
    Given the scenario takes 1500 ms
