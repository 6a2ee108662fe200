@sample
Feature: Basics
  Shows every Gherkin construct the runner supports:
  backgrounds, rules, outlines, tables and doc strings.

  Background:
    Given an empty basket

  @smoke
  Scenario: Items from a table
    When these items are added:
      | item  | quantity |
      | apple | 2        |
      | pear  | 1        |
    Then the basket holds 3 items

  Scenario: A note as a doc string
    When a note is written:
      """
      Deliver to the back door.
      Ring twice.
      """
    Then the note has 2 lines

  @outline
  Scenario Outline: Adding <count> items
    When <count> items are added
    Then the basket holds <count> items

    @fast
    Examples: small
      | count |
      | 1     |
      | 2     |

    Examples: large
      | count |
      | 10    |

  @rule-tag
  Rule: Bindings that share a basket see the same basket

    Background:
      Given the basket already holds 1 item

    Scenario: Context injection shares one basket
      When 2 items are added
      Then the other binding sees 3 items
