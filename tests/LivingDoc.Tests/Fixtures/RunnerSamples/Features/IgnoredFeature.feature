@ignore
Feature: Ignored feature

  Scenario: Never runs
    Given an empty basket
