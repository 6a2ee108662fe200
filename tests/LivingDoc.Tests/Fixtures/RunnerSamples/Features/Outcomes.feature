@sample
Feature: Outcomes
  Each scenario ends in a different way.

  Scenario: A passing scenario
    Given an empty basket
    Then the basket holds 0 items

  Scenario: A failing step
    Given an empty basket
    When 2 items are added
    Then the basket holds 5 items
    And the basket holds 2 items

  Scenario: An undefined step
    Given an empty basket
    When the basket is weighed on the moon

  Scenario: A pending step
    Given an empty basket
    When the basket is sent by drone

  @ignore
  Scenario: An ignored scenario
    Given an empty basket

  Scenario Outline: Some examples are ignored
    Given an empty basket
    When <n> items are added
    Then the basket holds <n> items

    Examples: run
      | n |
      | 1 |

    @ignore
    Examples: not run
      | n |
      | 2 |
