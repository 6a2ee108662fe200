@sample
Feature: Time limits

  @timeout:1
  Scenario: A step that never finishes
    Given an empty basket
    When the courier is awaited forever

  Scenario: The next scenario still runs
    Given an empty basket
    Then the basket holds 0 items
