@sample
Feature: Isolation

  Scenario: One scenario leaves something behind
    Given the scenario context holds "left-over"
    And the basket already holds 1 item

  Scenario: The next scenario starts clean
    Then the scenario context is empty
    And the basket is empty
