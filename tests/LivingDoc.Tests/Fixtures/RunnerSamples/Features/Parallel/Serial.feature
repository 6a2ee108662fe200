@sample @serial
Feature: Serial

  Scenario: Serial runs alone
    Given the scenario takes 300 ms
