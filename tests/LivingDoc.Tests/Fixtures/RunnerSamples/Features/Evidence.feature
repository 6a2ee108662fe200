@sample
Feature: Evidence

  Scenario: Output and an attachment are recorded
    When evidence is attached
