@sample @environment-down
Feature: A scenario stopped by its environment

  Scenario: Stopped before it runs
    Given an empty basket
