Feature: Basket
  A customer keeps what they want in a basket.

  Background:
    Given an empty basket

  Scenario: Adding an item
    When an apple is added
    Then the basket holds 1 item

  Scenario: Counting wrongly
    When an apple is added
    Then the basket holds 2 items
